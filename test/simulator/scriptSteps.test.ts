import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { ScriptRun } from '../../simulator/domain/reps/scriptRun.ts';
import type { Entry } from '../../simulator/store/types.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { addRep, conversationWithStream, expectScriptRefused, entryOf, payloadOf, V1 } from '../helpers/routing.ts';

/** Script steps beyond say: any message type, receipts, progress, streamed replies, and branching on a choice. */

const advance = async (sim: Parameters<typeof call>[0], ms: number) => {
  const r = await call(sim, 'POST', `${V1}/clock/advance`, { body: { ms } });
  expect(r.status, show(r)).toBe(200);
};

const buttons = { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'What is it about?', optionItems: [{ titleItem: { title: 'Refund' } }, { titleItem: { title: 'Billing' } }] } };

describe('script steps', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });

  const answer = (token: string, id: string, message: Record<string, unknown>) =>
    call(t.sim, 'POST', `/iamessage/api/v2/conversation/${id}/message`, { token, body: { esDeveloperName: t.sim.esDeveloperName, message: { id: crypto.randomUUID(), ...message } } });

  it('message sends any type with fresh ids per conversation; acknowledge and progress reach the end user', async () => {
    await addRep(t.sim, { name: 'Rich', queues: ['Default'], capacity: 2, script: [{ message: buttons }, { acknowledge: 'Read' }, { progress: 'Looking it up' }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    const frames = await stream.waitFor((f) => f.length >= 3);
    const offered = payloadOf(frames[2]!).abstractMessage;
    expect(offered).toMatchObject({ messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', optionItems: [{ titleItem: { title: 'Refund' } }, { titleItem: { title: 'Billing' } }] } });
    expect(entryOf(frames[2]!).sender.role).toBe('Agent');

    // The end user had not written yet: acknowledge had nothing to acknowledge, progress still showed.
    const progress = await stream.waitFor((f) => f.some((x) => entryOf(x).entryType === 'ProgressIndicator'));
    expect(payloadOf(progress.at(-1)!).progressIndicator).toEqual({ indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Looking it up' } });
    expect(progress.map((f) => entryOf(f).entryType)).not.toContain('ReadAcknowledgement');
    stream.close();

    // A second conversation gets the same message with new option and message ids.
    const other = await conversationWithStream(t.sim, await getGuestToken(t.sim));
    const again = payloadOf((await other.stream.waitFor((f) => f.length >= 3))[2]!).abstractMessage;
    other.stream.close();
    expect(again.id).not.toBe(offered.id);
    expect(again.choices.optionItems[0].optionIdentifier).not.toBe(offered.choices.optionItems[0].optionIdentifier);
    expect((await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message')).toHaveLength(1);
  });

  it("acknowledge marks the end user's latest message as read", async () => {
    await addRep(t.sim, { name: 'Reader', queues: ['Default'], script: [{ accept: true }, { replyWhen: { pattern: 'hello', say: 'Hi!' } }, { acknowledge: 'Read' }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    await stream.waitFor((f) => f.length === 2);
    const sent = await sendMessage(t.sim, token.accessToken, id, 'hello there');
    expect(sent.status, show(sent)).toBe(202);
    const frames = await stream.waitFor((f) => f.some((x) => entryOf(x).entryType === 'ReadAcknowledgement'));
    stream.close();
    const mine = frames.map(entryOf).find((e) => e.entryType === 'Message' && e.sender.role === 'EndUser');
    expect(entryOf(frames.at(-1)!)).toMatchObject({ entryType: 'ReadAcknowledgement', relatedRecords: [mine.identifier], sender: { role: 'Agent' } });
  });

  it('stream sends the tokens on the clock, then the final message with the id the tokens named', async () => {
    await addRep(t.sim, { name: 'Streamer', queues: ['Default'], script: [{ stream: { tokens: ['Your order ', 'ships ', 'tomorrow.'], everyMs: 100 } }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    const first = await stream.waitFor((f) => f.length === 3);
    expect(first.map((f) => entryOf(f).entryType)).toEqual(['RoutingResult', 'ParticipantChanged', 'StreamingToken']);
    await advance(t.sim, 99);
    expect((await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message')).toEqual([]);
    await advance(t.sim, 1);
    await stream.waitFor((f) => f.length === 4);
    await advance(t.sim, 100);
    const frames = await stream.waitFor((f) => f.length === 6);
    stream.close();
    const tokens = frames.slice(2, 5).map((f) => payloadOf(f).streamingToken);
    expect(tokens.map((x) => [x.sequenceNumber, x.token.text])).toEqual([[1, 'Your order '], [2, 'ships '], [3, 'tomorrow.']]);
    expect(new Set(tokens.map((x) => x.targetMessageIdentifier)).size).toBe(1);
    const final = payloadOf(frames[5]!).abstractMessage;
    expect(final).toMatchObject({ id: tokens[0].targetMessageIdentifier, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Your order ships tomorrow.' } });
  });

  describe('waitForChoice', () => {
    const script = [
      { message: buttons },
      { waitForChoice: { refund: [{ say: 'Refunds take 5 days.' }], Billing: [{ say: 'Billing it is.' }, { transfer: 'Default' }], otherwise: [{ say: 'Please pick a button.' }] } },
      { say: 'Anything else?' },
    ];

    async function offer() {
      await addRep(t.sim, { name: 'Chooser', queues: ['Default'], script });
      const token = await getGuestToken(t.sim);
      const { id, stream } = await conversationWithStream(t.sim, token);
      const frames = await stream.waitFor((f) => f.length === 3);
      const options = payloadOf(frames[2]!).abstractMessage.choices.optionItems as Array<{ optionIdentifier: string; titleItem: { title: string } }>;
      const said = async (n: number) => (await stream.waitFor((f) => f.filter((x) => entryOf(x).sender.role === 'Agent' && entryOf(x).entryType === 'Message').length === n)).map(entryOf).filter((e) => e.sender.role === 'Agent' && e.entryType === 'Message').map((e) => JSON.parse(e.entryPayload).abstractMessage.staticContent?.text);
      return { id, token: token.accessToken, stream, options, said };
    }

    it('a choice runs the branch keyed by its title (case-insensitive), then the steps after it', async () => {
      const c = await offer();
      const refund = c.options.find((o) => o.titleItem.title === 'Refund')!;
      const r = await answer(c.token, c.id, { messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: refund.optionIdentifier }] } });
      expect(r.status, show(r)).toBe(202);
      expect((await c.said(3)).slice(1)).toEqual(['Refunds take 5 days.', 'Anything else?']);
      c.stream.close();
    });

    it("the option's title sent as text (as Salesforce's sample app answers) takes the branch too; a transfer in it ends the script", async () => {
      const c = await offer();
      expect((await sendMessage(t.sim, c.token, c.id, 'Billing')).status).toBe(202);
      expect((await c.said(2)).slice(1)).toEqual(['Billing it is.']);
      await c.stream.waitFor((f) => f.some((x) => entryOf(x).entryType === 'RoutingResult' && payloadOf(x).routingType === 'Transfer'));
      c.stream.close();
      expect((await recorded(t.sim, c.id)).entries.filter((e: any) => e.entryType === 'Message' && e.sender.role === 'Agent')).toHaveLength(2);
    });

    it('any other answer runs "otherwise"', async () => {
      const c = await offer();
      expect((await sendMessage(t.sim, c.token, c.id, 'I want a human')).status).toBe(202);
      expect((await c.said(3)).slice(1)).toEqual(['Please pick a button.', 'Anything else?']);
      c.stream.close();
    });

    it('a branch keyed by an optionIdentifier is taken when that option is chosen', async () => {
      const billing = crypto.randomUUID();
      const offer = { ...buttons, choices: { ...buttons.choices, optionItems: [{ titleItem: { title: 'Refund' } }, { titleItem: { title: 'Billing' }, optionIdentifier: billing }] } };
      await addRep(t.sim, { name: 'ById', queues: ['Default'], script: [{ message: offer }, { waitForChoice: { [billing]: [{ say: 'Billing by id.' }], otherwise: [{ say: 'Not billing.' }] } }] });
      const token = await getGuestToken(t.sim);
      const { id, stream } = await conversationWithStream(t.sim, token);
      await stream.waitFor((f) => f.length === 3);
      const r = await answer(token.accessToken, id, { messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: billing }] } });
      expect(r.status, show(r)).toBe(202);
      const frames = await stream.waitFor((f) => f.length === 5);
      stream.close();
      expect(payloadOf(frames[4]!).abstractMessage.staticContent.text).toBe('Billing by id.');
    });

    it("a failing step inside a branch is logged and journaled with its path in the script", async () => {
      const { accessToken } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      const conversation = t.ctx.store.conversations.get(id)!;
      const run = new ScriptRun({ ...t.ctx, journal: t.ctx.store.journal }, conversation, { userId: '005SIM000000009AAA', displayName: 'Ghost' }, [{ waitForChoice: { otherwise: [{ say: 'too late' }] } }]);
      run.start();
      await call(t.sim, 'POST', `${V1}/conversations/${id}/end-session`);
      const said = { entryType: 'Message', sender: { role: 'EndUser' }, message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hello' } } } as unknown as Entry;
      expect(() => run.endUserSaid(said)).not.toThrow();
      expect(t.logs.join('\n')).toMatch(/Rep "Ghost": script step 0\.waitForChoice\.otherwise\.0 \(say\) failed/);
      const journal = (await call(t.sim, 'GET', `${V1}/journal?conversationId=${id}`)).body.requests;
      expect(journal.at(-1)).toMatchObject({ method: 'SCRIPT', errorCode: 'REP_SCRIPT_FAILED', path: '/__sim/v1/reps/Ghost/script/0.waitForChoice.otherwise.0', request: { body: { step: 0, path: '0.waitForChoice.otherwise.0', kind: 'say' } } });
    });

    it('without "otherwise" other answers are ignored and the step keeps waiting', async () => {
      await addRep(t.sim, { name: 'Patient', queues: ['Default'], script: [{ message: buttons }, { waitForChoice: { Refund: [{ say: 'Refund noted.' }] } }] });
      const token = await getGuestToken(t.sim);
      const { id, stream } = await conversationWithStream(t.sim, token);
      await stream.waitFor((f) => f.length === 3);
      expect((await sendMessage(t.sim, token.accessToken, id, 'what?')).status).toBe(202);
      expect((await sendMessage(t.sim, token.accessToken, id, 'refund')).status).toBe(202);
      const frames = await stream.waitFor((f) => f.length === 6);
      stream.close();
      expect(payloadOf(frames[5]!).abstractMessage.staticContent.text).toBe('Refund noted.');
      expect(frames.map(entryOf).filter((e) => e.sender.role === 'Agent' && e.entryType === 'Message')).toHaveLength(2);
    });
  });

  describe('validation', () => {
    it.each([
      ['a message of an unknown type', [{ message: { messageType: 'VideoMessage' } }], 'script.0.message.messageType', 'StaticContentMessage'],
      ['a message whose text is missing', [{ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text' } } }], 'script.0.message.staticContent.text', 'required'],
      ['a message that is not an object', [{ message: 'hi' }], 'script.0.message', 'abstractMessage'],
      ['an acknowledge that is neither Delivery nor Read', [{ acknowledge: 'Seen' }], 'script.0.acknowledge', 'Delivery or Read'],
      ['an empty progress text', [{ progress: '' }], 'script.0.progress', 'empty'],
      ['a stream without tokens', [{ stream: { tokens: [] } }], 'script.0.stream.tokens', 'at least one token'],
      ['a stream with an unknown field', [{ stream: { tokens: ['a'], delay: 5 } }], 'script.0.stream', 'delay'],
      ['a branch that is not a list of steps', [{ waitForChoice: { Refund: { say: 'x' } } }], 'script.0.waitForChoice.Refund', ''],
      ['a bad step inside a branch', [{ waitForChoice: { Refund: [{ say: 'ok' }, { sya: 'x' }] } }], 'script.0.waitForChoice.Refund.1', 'sya'],
      ['a placeholder error inside a branch', [{ waitForChoice: { otherwise: [{ say: '{{nope}}' }] } }], 'script.0.waitForChoice.otherwise.0.say', 'unknown placeholder'],
      ['no branches', [{ waitForChoice: {} }], 'script.0.waitForChoice', '1 to 50 branches'],
      ['a transfer inside a branch to an undeclared queue', [{ waitForChoice: { Billing: [{ transfer: 'Nowhere' }] } }], 'script.0.waitForChoice.Billing.0.transfer', 'no queue "Nowhere"'],
    ])('refuses %s with 400 naming %s', async (_what, script, field, hint) => {
      await expectScriptRefused(t.sim, script, field, hint);
    });
  });
});
