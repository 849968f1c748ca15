import { describe, expect, it } from 'vitest';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { escalate, escalation, handoffUntil, V1 } from '../helpers/widget.ts';
import type { RunningSimulator } from '../../simulator/index.ts';

const buttons = {
  messageType: 'ChoicesMessage',
  choices: { formatType: 'Buttons', text: 'What is it about?', optionItems: [{ titleItem: { title: 'Order' } }, { titleItem: { title: 'Billing' }, optionId: 'billing' }] },
};
const option = (optionIdentifier: string, title: string) => ({ optionIdentifier, titleItem: { title } });
const ORDER = '0b7c4a9e-1f3d-4c55-9a61-3f2b9d1e7a01';
const BILL = '0b7c4a9e-1f3d-4c55-9a61-3f2b9d1e7a02';
const form = {
  messageType: 'FormMessage',
  form: {
    formatType: 'Inputs',
    formTitle: { title: 'Your details' },
    sections: [{ inputs: [{ name: 'email', inputType: 'Email', required: true }, { name: 'topics', inputType: 'MultiSelect', optionItems: [option(ORDER, 'Order'), option(BILL, 'Billing')] }] }],
  },
};

/** A live web-chat handoff and its conversation id. */
async function webChat(sim: RunningSimulator): Promise<{ id: string; conversationId: string }> {
  const { id } = await escalate(sim, { ...escalation, channel: 'web' });
  const live = await handoffUntil(sim, id, (v) => v.status === 'live');
  return { id, conversationId: live.conversationId };
}

async function repSends(sim: RunningSimulator, conversationId: string, message: unknown): Promise<string> {
  const r = await call(sim, 'POST', `${V1}/conversations/${conversationId}/messages`, { body: { message } });
  expect(r.status, show(r)).toBe(201);
  return r.body.identifier;
}

const delivered = (sim: RunningSimulator, id: string, entryId: string) => handoffUntil(sim, id, (v) => v.events.some((e: any) => e.entryId === entryId));
const entries = async (sim: RunningSimulator, conversationId: string) => (await recorded(sim, conversationId)).entries;

/** Poll the recorded conversation until rep message `entryId` shows as read. */
async function readAt(sim: RunningSimulator, conversationId: string, entryId: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if ((await entries(sim, conversationId)).find((e: any) => e.identifier === entryId)?.readAt) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${entryId} was never acknowledged as read`);
}

describe("the widget's web chat acts through the handoff client", () => {
  const t = useSim();

  it('acknowledges one rep message exactly once as Delivery and once as Read, recorded and sent (no second client)', async () => {
    const { id, conversationId } = await webChat(t.sim);
    const first = await repSends(t.sim, conversationId, { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Looking at your order.' } });
    await delivered(t.sim, id, first);
    const read = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: [first, first] } });
    expect(read.status, show(read)).toBe(200);
    expect(read.body).toEqual({ read: 1 });
    expect((await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: [first] } })).body).toEqual({ read: 0 });
    // A second message read after it: the client sends receipts in order, so once this one's Read
    // is recorded, every receipt for the first one is too.
    const second = await repSends(t.sim, conversationId, buttons);
    await delivered(t.sim, id, second);
    await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: [second] } });
    await readAt(t.sim, conversationId, second);

    const recordedAcks = (await entries(t.sim, conversationId)).filter((e: any) => e.relatedRecords?.[0] === first).map((e: any) => e.entryType);
    expect(recordedAcks.sort()).toEqual(['DeliveryAcknowledgement', 'ReadAcknowledgement']);
    const journal = (await call(t.sim, 'GET', `${V1}/journal?conversationId=${conversationId}`)).body.requests;
    const sent = journal.filter((r: any) => r.path.endsWith('/acknowledge-entries')).flatMap((r: any) => r.request.body.acks).filter((a: any) => a.conversationEntryId === first);
    expect(sent.map((a: any) => a.entryType).sort()).toEqual(['Delivery', 'Read']);
    const everything = (await call(t.sim, 'GET', `${V1}/journal`)).body.requests;
    expect(everything.filter((r: any) => r.path.endsWith('/access-token'))).toHaveLength(1); // the handoff's own token, no other client's
  });

  it("answers the open choice with Salesforce's ChoicesResponse, once; refuses an option not offered", async () => {
    const { id, conversationId } = await webChat(t.sim);
    const question = await repSends(t.sim, conversationId, buttons);
    const view = await delivered(t.sim, id, question);
    expect(view.chat.openQuestion).toBe(question);
    const billing = view.events.find((e: any) => e.entryId === question).content.options[1];

    const wrong = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: question, optionIdentifier: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/optionIdentifier/);
    const chose = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: question, optionIdentifier: billing.id } });
    expect(chose.status, show(chose)).toBe(202);
    expect(chose.body).toEqual({ newSession: false, answered: { optionId: billing.id, title: 'Billing' } });
    const again = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: question, optionIdentifier: billing.id } });
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('WIDGET_QUESTION_CLOSED');

    const answers = (await entries(t.sim, conversationId)).filter((e: any) => e.entryPayload?.abstractMessage?.messageType === 'ChoicesResponseMessage');
    expect(answers).toHaveLength(1);
    expect(answers[0].entryPayload.abstractMessage).toMatchObject({
      inReplyToMessageId: question,
      choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: billing.id, optionId: 'billing', optionTitle: 'Billing' }] },
    });
    const after = (await call(t.sim, 'GET', `${V1}/widget/handoffs/${id}`)).body.chat;
    expect(after).toMatchObject({ openQuestion: null, answers: [{ entryId: question, optionIds: [billing.id] }] });
  });

  it("sends a form's answers as a FormResponse; Salesforce's refusal comes back naming the field and the form stays open", async () => {
    const { id, conversationId } = await webChat(t.sim);
    const question = await repSends(t.sim, conversationId, form);
    const view = await delivered(t.sim, id, question);
    expect(view.events.find((e: any) => e.entryId === question).content.inputs.map((i: any) => [i.name, i.type, i.required])).toEqual([
      ['email', 'Email', true],
      ['topics', 'MultiSelect', false],
    ]);
    const submit = (values: unknown) => call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/forms`, { body: { entryId: question, values } });

    const refused = await submit({ topics: [BILL] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/result\.email/);
    expect((await call(t.sim, 'GET', `${V1}/widget/handoffs/${id}`)).body.chat.openQuestion).toBe(question);
    const sent = await submit({ email: 'alex@example.com', topics: [ORDER, BILL] });
    expect(sent.status, show(sent)).toBe(202);
    expect((await submit({ email: 'alex@example.com' })).status).toBe(409);

    const responses = (await entries(t.sim, conversationId)).filter((e: any) => e.entryPayload?.abstractMessage?.messageType === 'FormResponseMessage');
    expect(responses.map((e: any) => e.entryPayload.abstractMessage)).toEqual([
      expect.objectContaining({ inReplyToMessageId: question, formResponse: { formatType: 'Result', result: { email: 'alex@example.com', topics: [ORDER, BILL] } } }),
    ]);
    const bad = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/forms`, { body: { entryId: question, values: { email: { nested: true } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/values\.email/);
  });

  it('keeps the latest progress, shows a streamed reply as the client assembles it until the final message, and logs unknown events', async () => {
    const { id, conversationId } = await webChat(t.sim);
    const event = (body: unknown) => call(t.sim, 'POST', `${V1}/conversations/${conversationId}/events`, { body: { event: body } });
    expect((await event({ type: 'progress', text: 'Looking up your order' })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.chat.progress?.text === 'Looking up your order');
    const targetMessageId = crypto.randomUUID();
    expect((await event({ type: 'streaming-tokens', tokens: ['world', '!'], targetMessageId, firstSequenceNumber: 2 })).status).toBe(201);
    expect((await event({ type: 'streaming-tokens', tokens: ['Hello '], targetMessageId, firstSequenceNumber: 1 })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.chat.streams.some((s: any) => s.text === 'Hello world!'));
    expect((await event({ type: 'custom', name: 'CONVERSATION_FUTURE_THING', data: { shown: 'never' } })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.chat.log.some((line: string) => line.includes('CONVERSATION_FUTURE_THING')));

    await repSends(t.sim, conversationId, { id: targetMessageId, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Hello world!' } });
    const done = await delivered(t.sim, id, targetMessageId);
    expect(done.chat.streams).toEqual([]);
    expect(done.chat.progress).toBeNull();
    expect(done.events.map((e: any) => e.type)).not.toContain('message-partial');
    expect(JSON.stringify(done.events)).not.toContain('never');
  });

  it('on SMS a typed "2" is sent as the open choice, and the chat shows the question answered', async () => {
    const { id } = await escalate(t.sim, { ...escalation, channel: 'sms' });
    const { conversationId } = await handoffUntil(t.sim, id, (v) => v.status === 'live');
    const question = await repSends(t.sim, conversationId, buttons);
    expect((await delivered(t.sim, id, question)).chat.openQuestion).toBe(question);
    const typed = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/messages`, { body: { text: '2' } });
    expect(typed.status, show(typed)).toBe(202);
    expect(typed.body).toMatchObject({ newSession: false, answered: { title: 'Billing' } });
    const { chat } = (await call(t.sim, 'GET', `${V1}/widget/handoffs/${id}`)).body;
    expect(chat).toMatchObject({ openQuestion: null, answers: [{ entryId: question, optionIds: [typed.body.answered.optionId] }] });
  });

  it('answers and reads only on web chat: another channel gets a 409, a bad body a 400 naming the field', async () => {
    const { id } = await escalate(t.sim);
    await handoffUntil(t.sim, id, (v) => v.status === 'live');
    const none = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: ['x'] } });
    expect(none.status).toBe(409);
    expect(none.body.errorCode).toBe('WIDGET_NO_WEB_CHANNEL');
    const bad = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/optionIdentifier/);
  });
});
