import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { importState } from '../../simulator/server/stateFile.ts';
import { guestOfNewDeployment } from '../helpers/deployment.ts';
import { call, getGuestToken, recorded, sendMessage, show, useSim } from '../helpers/sim.ts';
import { addRep, conversationWithStream, described, entryOf, payloadOf, putRouting, reps, V1 } from '../helpers/routing.ts';

/** Bot participants (Einstein / Agentforce): role Chatbot, answering first, then handing over to a human queue. */

const BOT_FIRST = { queues: [{ name: 'Bot' }, { name: 'Humans' }], defaultQueue: 'Bot' };

describe('bot participants', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });

  it('a queue served by a bot gets the session first; the bot transfers to a human queue and a human joins', async () => {
    await putRouting(t.sim, BOT_FIRST);
    const bot = await addRep(t.sim, {
      name: 'Agentforce',
      bot: true,
      queues: ['Bot'],
      script: [{ say: 'Hi, I am a bot.' }, { progress: 'Checking' }, { stream: { tokens: ['Let me ', 'find a human.'] } }, { transfer: 'Humans' }],
    });
    expect(bot.userId).toMatch(/^0Xx/);
    const alex = await addRep(t.sim, { name: 'Alex', queues: ['Humans'] });
    expect([bot.bot, alex.bot]).toEqual([true, false]); // the console badges bots by it
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);

    const handedOver = await stream.waitFor((f) => f.length === 9);
    expect(described(handedOver)).toEqual([
      'RoutingResult Initial None',
      'ParticipantChanged add Agentforce',
      'Message Agentforce: Hi, I am a bot.',
      'ProgressIndicator Agentforce',
      'StreamingToken Agentforce',
      'StreamingToken Agentforce',
      'Message Agentforce: Let me find a human.',
      'ParticipantChanged remove Agentforce',
      'RoutingResult Transfer None',
    ]);
    const chatbot = { role: 'Chatbot', appType: 'chatbot', subject: bot.userId, clientIdentifier: '' };
    expect(payloadOf(handedOver[1]!).entries[0].participant).toEqual(chatbot);
    expect(payloadOf(handedOver[7]!).entries[0].participant).toEqual(chatbot);
    for (const frame of handedOver.slice(2, 7)) expect(entryOf(frame).sender).toEqual(chatbot);
    expect((await reps(t.sim)).Alex.load, 'offered to the human queue\'s rep').toBe(1);
    expect((await recorded(t.sim, id)).routingStatus).toBe('TRANSFER');

    const accepted = await call(t.sim, 'POST', `${V1}/conversations/${id}/accept`, { body: { repName: 'Alex' } });
    expect(accepted.status, show(accepted)).toBe(200);
    const said = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { repName: 'Alex', text: 'Alex here.' } });
    expect(said.status, show(said)).toBe(201);
    const joined = await stream.waitFor((f) => f.length === 11);
    stream.close();
    expect(described(joined.slice(9))).toEqual(['ParticipantChanged add Alex', 'Message Alex: Alex here.']);
    expect(payloadOf(joined[9]!).entries[0].participant).toMatchObject({ role: 'Agent', appType: 'agent' });
    expect(entryOf(joined[10]!).sender.role).toBe('Agent');
    expect((await reps(t.sim)).Agentforce.load).toBe(0);
  });

  it("a bot joining does not send the deployment's rep-joins auto-response; the human joining does", async () => {
    await putRouting(t.sim, BOT_FIRST);
    await addRep(t.sim, { name: 'Agentforce', bot: true, queues: ['Bot'], script: [{ say: 'Beep.' }, { transfer: 'Humans' }] });
    await addRep(t.sim, { name: 'Alex', queues: ['Humans'], script: [{ accept: true }] });
    const user = await guestOfNewDeployment(t.sim, { name: 'Bot_Web', autoResponses: { repJoins: 'A rep has joined.' } });
    const id = await user.start();
    const lines = (await recorded(t.sim, id)).entries.map((e: any) =>
      e.entryType === 'Message' ? `${e.sender.role}: ${e.entryPayload.abstractMessage.staticContent.text}` : e.entryType === 'ParticipantChanged' ? `${e.entryPayload.entries[0].operation} ${e.entryPayload.entries[0].participant.role}` : e.entryType,
    );
    expect(lines).toEqual(['RoutingResult', 'add Chatbot', 'Chatbot: Beep.', 'remove Chatbot', 'RoutingResult', 'add Agent', 'System: A rep has joined.']);
  });

  it('a bot acting through the control API (no script) speaks as a Chatbot too', async () => {
    await addRep(t.sim, { name: 'Einstein', bot: true, queues: ['Default'] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    await stream.waitFor((f) => f.length === 1);
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { repName: 'Einstein', text: 'Beep.' } });
    expect(r.status, show(r)).toBe(201);
    const frames = await stream.waitFor((f) => f.length === 3);
    stream.close();
    expect(entryOf(frames[2]!).sender.role).toBe('Chatbot');
    expect((await sendMessage(t.sim, token.accessToken, id, 'hi bot')).status).toBe(202);
  });

  it.each([
    ['bot that is not a boolean', { bot: 'yes' }, 'bot', 'must be true'],
    ['userId that is neither a User nor a BotDefinition id', { userId: '0XyAAAAAAAAAAAA' }, 'userId', '0Xx'],
  ])('refuses a %s with 400 naming the field', async (_what, extra, field, hint) => {
    const r = await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Bad', queues: ['Default'], ...extra } });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(`${field}:`);
    expect(r.body.message).toContain(hint);
  });
});

describe('bot participants in the state export', () => {
  const t = useSim();

  it('the state export keeps a bot as a bot, and imports again', async () => {
    const bot = await addRep(t.sim, { name: 'Einstein', bot: true, queues: ['Default'], script: [{ say: 'Beep.' }] });
    const state = (await call(t.sim, 'GET', `${V1}/state`)).body;
    expect(state.routing.reps.find((r: any) => r.name === 'Einstein')).toMatchObject({ bot: true, userId: bot.userId });
    expect(importState(state).routing?.reps.find((r) => r.name === 'Einstein')).toMatchObject({ bot: true, userId: bot.userId });
  });
});
