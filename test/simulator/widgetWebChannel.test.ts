import { describe, expect, it } from 'vitest';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { escalate, escalation, handoffUntil, V1 } from '../helpers/widget.ts';
import type { RunningSimulator } from '../../simulator/index.ts';

const buttons = {
  messageType: 'ChoicesMessage',
  choices: { formatType: 'Buttons', text: 'What is it about?', optionItems: [{ titleItem: { title: 'Order' } }, { titleItem: { title: 'Billing' }, optionId: 'billing' }] },
};

/** A live web-chat handoff and its conversation id. */
async function webChat(sim: RunningSimulator): Promise<{ id: string; conversationId: string }> {
  const { id } = await escalate(sim, { ...escalation, channel: 'web' });
  const live = await handoffUntil(sim, id, (v) => v.status === 'live' && v.web !== null);
  return { id, conversationId: live.conversationId };
}

async function repSends(sim: RunningSimulator, conversationId: string, message: unknown): Promise<any> {
  const r = await call(sim, 'POST', `${V1}/conversations/${conversationId}/messages`, { body: { message } });
  expect(r.status, show(r)).toBe(201);
  return r.body;
}

const repEntry = async (sim: RunningSimulator, conversationId: string, entryId: string) => (await recorded(sim, conversationId)).entries.find((e: any) => e.identifier === entryId);

describe("the widget's web chat is the customer's web client", () => {
  const t = useSim();

  it('acknowledges a rep message as delivered on receipt and as read once the page showed it, each once', async () => {
    const { id, conversationId } = await webChat(t.sim);
    const sent = await repSends(t.sim, conversationId, buttons);
    const view = await handoffUntil(t.sim, id, (v) => v.web.messages.some((m: any) => m.entryId === sent.identifier && m.delivered));
    expect(view.web.messages.find((m: any) => m.entryId === sent.identifier).abstractMessage.choices.formatType).toBe('Buttons');
    let entry = await repEntry(t.sim, conversationId, sent.identifier);
    expect(entry.deliveredAt).toEqual(expect.any(Number));
    expect(entry.readAt).toBeNull();

    const read = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: [sent.identifier] } });
    expect(read.status, show(read)).toBe(200);
    expect(read.body).toEqual({ read: 1 });
    expect((await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: [sent.identifier] } })).body).toEqual({ read: 0 });
    entry = await repEntry(t.sim, conversationId, sent.identifier);
    expect(entry.readAt).toEqual(expect.any(Number));
    const acks = (await recorded(t.sim, conversationId)).entries.filter((e: any) => e.entryType.endsWith('Acknowledgement') && e.relatedRecords?.[0] === sent.identifier);
    expect(acks.map((e: any) => e.entryType).sort()).toEqual(['DeliveryAcknowledgement', 'ReadAcknowledgement']);
  });

  it("answers a choice with Salesforce's ChoicesResponse, and refuses an option that was not offered", async () => {
    const { id, conversationId } = await webChat(t.sim);
    const sent = await repSends(t.sim, conversationId, buttons);
    const view = await handoffUntil(t.sim, id, (v) => v.web.messages.some((m: any) => m.entryId === sent.identifier));
    const billing = view.web.messages[0].abstractMessage.choices.optionItems[1];

    const wrong = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: sent.identifier, optionIdentifier: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/optionIdentifier/);
    const chose = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: sent.identifier, optionIdentifier: billing.optionIdentifier } });
    expect(chose.status, show(chose)).toBe(202);

    const answer = (await recorded(t.sim, conversationId)).entries.find((e: any) => e.identifier === chose.body.id);
    expect(answer.sender.role).toBe('EndUser');
    expect(answer.entryPayload.abstractMessage).toMatchObject({
      messageType: 'ChoicesResponseMessage',
      inReplyToMessageId: sent.identifier,
      choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: billing.optionIdentifier, optionId: 'billing', optionTitle: 'Billing' }] },
    });
    expect((await call(t.sim, 'GET', `${V1}/widget/handoffs/${id}`)).body.web.messages[0].chosen).toEqual([billing.optionIdentifier]);
  });

  it('keeps the latest progress, assembles streamed tokens in sequence order until the final message, and names unknown events it ignored', async () => {
    const { id, conversationId } = await webChat(t.sim);
    const event = (body: unknown) => call(t.sim, 'POST', `${V1}/conversations/${conversationId}/events`, { body: { event: body } });
    expect((await event({ type: 'progress', text: 'Looking up your order' })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.web.progress?.text === 'Looking up your order');
    const targetMessageId = crypto.randomUUID();
    expect((await event({ type: 'streaming-tokens', tokens: ['world', '!'], targetMessageId, firstSequenceNumber: 2 })).status).toBe(201);
    expect((await event({ type: 'streaming-tokens', tokens: ['Hello '], targetMessageId, firstSequenceNumber: 1 })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.web.streams.some((s: any) => s.text === 'Hello world!'));
    expect((await event({ type: 'custom', name: 'CONVERSATION_FUTURE_THING', data: { shown: 'never' } })).status).toBe(201);
    await handoffUntil(t.sim, id, (v) => v.web.ignoredEvents.includes('CONVERSATION_FUTURE_THING'));

    await repSends(t.sim, conversationId, { id: targetMessageId, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Hello world!' } });
    const done = await handoffUntil(t.sim, id, (v) => v.web.messages.some((m: any) => m.entryId === targetMessageId));
    expect(done.web.streams).toEqual([]);
    expect(done.web.progress).toBeNull();
  });

  it('is only there on web chat: another channel gets a 409, a bad body a 400 naming the field', async () => {
    const { id } = await escalate(t.sim);
    const live = await handoffUntil(t.sim, id, (v) => v.status === 'live');
    expect(live.web).toBeNull();
    const none = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/read`, { body: { entryIds: ['x'] } });
    expect(none.status).toBe(409);
    expect(none.body.errorCode).toBe('WIDGET_NO_WEB_CHANNEL');
    const bad = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/choices`, { body: { entryId: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/optionIdentifier/);
  });
});
