import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { ScriptRun } from '../../simulator/domain/reps/scriptRun.ts';
import { call, getGuestToken, getVerifiedToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { addRep, conversationWithStream, expectScriptRefused, described, entryOf, putRouting, reps, THREE_QUEUES, V1 } from '../helpers/routing.ts';

const advance = async (sim: Parameters<typeof call>[0], ms: number) => {
  const r = await call(sim, 'POST', `${V1}/clock/advance`, { body: { ms } });
  expect(r.status, show(r)).toBe(200);
};
const entryTypes = async (sim: Parameters<typeof call>[0], id: string) => (await recorded(sim, id)).entries.map((e: any) => e.entryType);

describe('scripted reps', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });

  it('runs a script on the simulated clock: accept, typing, say with placeholders, replyWhen, endSession', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, {
      name: 'Amelie',
      queues: ['French'],
      script: [
        { accept: true },
        { wait: 1000 },
        { typing: 500 },
        { say: 'Bonjour {{customer.name}}, ici {{rep.name}} ({{queue.name}}, {{routing.Chat_language}}) avec {{faker.person.firstName}}' },
        { replyWhen: { pattern: 'order|commande', say: 'Your order ships tomorrow, {{customer.name}}.' } },
        { wait: 2000 },
        { endSession: true },
      ],
    });
    const token = await getVerifiedToken(t.sim, 'Marie');
    const { id, stream } = await conversationWithStream(t.sim, token, { Chat_language: 'fr' });
    await stream.waitFor((f) => f.length === 2);
    expect(await entryTypes(t.sim, id)).toEqual(['RoutingResult', 'ParticipantChanged']);

    await advance(t.sim, 999);
    expect(await entryTypes(t.sim, id)).toHaveLength(2);
    await advance(t.sim, 1);
    await stream.waitFor((f) => f.length === 3);
    await advance(t.sim, 500);
    expect((await entryTypes(t.sim, id)).at(-1), 'said within the advance').toBe('Message');
    const said = await stream.waitFor((f) => f.length === 5);
    expect(described(said).slice(2, 4)).toEqual(['TypingStartedIndicator Amelie', 'TypingStoppedIndicator Amelie']);
    const greeting = described(said)[4]!;
    expect(greeting).toMatch(/^Message Amelie: Bonjour Marie, ici Amelie \(French, fr\) avec [A-Z][\w'-]+$/);

    expect((await sendMessage(t.sim, token.accessToken, id, 'hello?')).status).toBe(202);
    expect((await sendMessage(t.sim, token.accessToken, id, 'Where is my ORDER?')).status).toBe(202);
    const replied = await stream.waitFor((f) => f.length === 8);
    expect(described(replied).slice(5)).toEqual(['Message Marie: hello?', 'Message Marie: Where is my ORDER?', 'Message Amelie: Your order ships tomorrow, Marie.']);

    await advance(t.sim, 2000);
    const ended = await stream.waitFor((f) => f.length === 10);
    expect(described(ended).slice(8)).toEqual(['ParticipantChanged remove Amelie', 'SessionStatusChanged Ended']);
    expect((await reps(t.sim)).Amelie.load).toBe(0);
    expect((await sendMessage(t.sim, token.accessToken, id, 'one more thing')).status).toBe(417);

    // Writing again starts a new session: routed again, and the script runs again from the top.
    const again = await sendMessage(t.sim, token.accessToken, id, 'one more thing', { isNewMessagingSession: true, routingAttributes: { Chat_language: 'fr' } });
    expect(again.status, show(again)).toBe(202);
    const rerouted = await stream.waitFor((f) => f.length === 13);
    stream.close();
    expect(described(rerouted).slice(10)).toEqual(['RoutingResult Initial None', 'ParticipantChanged add Amelie', 'Message Marie: one more thing']);
    expect(entryOf(rerouted[10]!).entryType).toBe('RoutingResult');
  });

  it('a script with nothing to wait for runs within the request that routed the work', async () => {
    await addRep(t.sim, { name: 'Quick', queues: ['Default'], script: [{ say: 'Hi {{customer.name}}' }, { close: true }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    const frames = await stream.waitFor((f) => f.length === 5);
    stream.close();
    expect(described(frames)).toEqual(['RoutingResult Initial None', 'ParticipantChanged add Quick', 'Message Quick: Hi Guest', 'ParticipantChanged remove Quick', 'SessionStatusChanged Ended']);
    expect((await recorded(t.sim, id)).status).toBe('CLOSED');
  });

  it('a scripted transfer: the rep leaves, a Transfer RoutingResult, and the other queue\'s rep joins (the first is not offered it again)', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, { name: 'Gina', queues: ['General', 'French'], capacity: 2, script: [{ accept: true }, { say: 'Un moment, je vous transfère.' }, { wait: 100 }, { transfer: 'French' }] });
    await addRep(t.sim, { name: 'Felix', queues: ['French'], script: [{ wait: 300 }, { accept: true }, { say: 'Bonjour, {{queue.name}} ici.' }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    await stream.waitFor((f) => f.length === 3);
    await advance(t.sim, 100);
    await stream.waitFor((f) => f.length === 5);
    expect(await recorded(t.sim, id)).toMatchObject({ assignedRep: 'Felix', routingStatus: 'TRANSFER', queue: 'French' });
    await advance(t.sim, 300);
    const frames = await stream.waitFor((f) => f.length === 7);
    stream.close();
    expect(described(frames)).toEqual([
      'RoutingResult Initial None',
      'ParticipantChanged add Gina',
      'Message Gina: Un moment, je vous transfère.',
      'ParticipantChanged remove Gina',
      'RoutingResult Transfer None',
      'ParticipantChanged add Felix',
      'Message Felix: Bonjour, French ici.',
    ]);
    expect(await recorded(t.sim, id)).toMatchObject({ assignedRep: 'Felix', routingStatus: 'ROUTED' });
    expect((await reps(t.sim)).Gina.load).toBe(0);
  });

  it('stops the script when the end user ends the session: no step runs after it', async () => {
    await addRep(t.sim, { name: 'Slow', queues: ['Default'], script: [{ accept: true }, { wait: 5000 }, { say: 'too late' }] });
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const end = await call(t.sim, 'DELETE', `/iamessage/api/v2/conversation/${id}/session?esDeveloperName=${t.sim.esDeveloperName}`, { token: accessToken });
    expect(end.status, show(end)).toBe(204);
    await advance(t.sim, 10_000);
    expect(await entryTypes(t.sim, id)).toEqual(['RoutingResult', 'ParticipantChanged', 'ParticipantChanged', 'SessionStatusChanged']);
    expect(t.logs.join('\n')).not.toContain('script step');
  });

  it('a human taking over stops the scripted rep who was offered the work', async () => {
    await addRep(t.sim, { name: 'Bot', queues: ['Default'], script: [{ wait: 1000 }, { accept: true }, { say: 'bot here' }] });
    await addRep(t.sim, { name: 'Human', queues: ['Default'], presence: 'Away' });
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    expect((await recorded(t.sim, id)).assignedRep).toBe('Bot');
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/accept`, { body: { repName: 'Human' } });
    expect(r.status, show(r)).toBe(200);
    await advance(t.sim, 5000);
    const rec = await recorded(t.sim, id);
    expect(rec.assignedRep).toBe('Human');
    expect(rec.agents.map((a: any) => a.displayName)).toEqual(['Human']);
    expect((await reps(t.sim)).Bot.load).toBe(0);
  });

  it('logs and journals a failing step instead of crashing, and skips the rest of the script', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await call(t.sim, 'POST', `${V1}/conversations/${id}/end-session`);
    const conversation = t.ctx.store.conversations.get(id)!;
    const run = new ScriptRun({ ...t.ctx, journal: t.ctx.store.journal }, conversation, { userId: '005SIM000000009AAA', displayName: 'Ghost' }, [{ say: 'anyone?' }, { say: 'never said' }]);
    expect(() => run.start()).not.toThrow();

    expect(t.logs.join('\n')).toMatch(/Rep "Ghost": script step 0 \(say\) failed on conversation .*no active messaging session/);
    const journal = (await call(t.sim, 'GET', `${V1}/journal?conversationId=${id}`)).body.requests;
    expect(journal.at(-1)).toMatchObject({ method: 'SCRIPT', status: 500, errorCode: 'REP_SCRIPT_FAILED', request: { body: { step: 0, kind: 'say' } } });
    expect((await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message')).toEqual([]);
    expect((await call(t.sim, 'GET', `${V1}/health`)).status).toBe(200);
  });

  describe('script validation', () => {
    it.each([
      ['an unknown placeholder', [{ accept: true }, { say: 'Hi {{customer.email}}' }], 'script.1.say', 'unknown placeholder {{customer.email}}'],
      ['an unknown faker path', [{ say: '{{faker.finance.iban}}' }], 'script.0.say', 'unknown placeholder {{faker.finance.iban}}'],
      ['a placeholder in a reply', [{ replyWhen: { pattern: 'x', say: '{{nope}}' } }], 'script.0.replyWhen.say', 'unknown placeholder {{nope}}'],
      ['a negative wait', [{ wait: -1 }], 'script.0.wait', ''],
      ['a typing duration that is not a number', [{ typing: 'long' }], 'script.0.typing', 'milliseconds'],
      ['a misspelt step', [{ accept: true }, { sya: 'hello' }], 'script.1', 'sya'],
      ['two actions in one step', [{ wait: 10, say: 'hi' }], 'script.0', 'exactly one of'],
      ['a broken pattern', [{ replyWhen: { pattern: '(order', say: 'ok' } }], 'script.0.replyWhen.pattern', 'regular expression'],
      ['a transfer to an undeclared queue', [{ transfer: 'Nowhere' }], 'script.0.transfer', 'no queue "Nowhere"'],
    ])('refuses %s with 400 naming %s', async (_what, script, field, hint) => {
      await expectScriptRefused(t.sim, script, field, hint);
    });
  });
});
