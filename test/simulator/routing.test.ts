import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { loadConfig } from '../../simulator/config/loadConfig.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { addRep, conversationWithStream, described, payloadOf, putRouting, queues, reps, setPresence, THREE_QUEUES, V1 } from '../helpers/routing.ts';
import { tempDir } from '../helpers/tempDir.ts';

const API = '/iamessage/api/v2';
const routingStatus = async (sim: Parameters<typeof recorded>[0], token: string, id: string) => (await call(sim, 'GET', `${API}/conversation/${id}`, { token })).body.routingStatus;

describe('routing: queues and rules', () => {
  const t = useSim();

  it('routes a French conversation to the French queue, where its rep is offered it and accepts through the control API', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const amelie = await addRep(t.sim, { name: 'Amelie', queues: ['French'] });
    expect(amelie).toMatchObject({ userId: expect.stringMatching(/^005/), capacity: 1, presence: 'Online', bot: false, scripted: false, load: 0 });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token, { Chat_language: 'fr' });

    const rec = await recorded(t.sim, id);
    expect(rec).toMatchObject({ queue: 'French', assignedRep: 'Amelie', sessionStatus: 'Waiting' });
    const french = (await queues(t.sim)).French;
    expect(french).toMatchObject({ open: true, waiting: [], reps: [{ name: 'Amelie', presence: 'Online', load: 1, capacity: 1 }] });
    const [routing] = await stream.waitFor((f) => f.length === 1);
    expect(payloadOf(routing!)).toMatchObject({ routingType: 'Initial', failureType: 'None', routingConfigurationDetails: { queueId: french.queueId } });
    expect((await reps(t.sim)).Amelie.conversations).toEqual([id]);

    const accept = await call(t.sim, 'POST', `${V1}/conversations/${id}/accept`, { body: { repName: 'Amelie' } });
    expect(accept.status, show(accept)).toBe(200);
    const frames = await stream.waitFor((f) => f.length === 2);
    stream.close();
    expect(described(frames)).toEqual(['RoutingResult Initial None', 'ParticipantChanged add Amelie']);
    expect(payloadOf(frames[1]!).entries[0].participant).toMatchObject({ role: 'Agent', subject: amelie.userId });
  });

  it('routes High priority to the priority queue (a "matches" rule), everything else to the default queue, first matching rule first', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    const { accessToken } = await getGuestToken(t.sim);
    const cases: Array<[Record<string, string> | undefined, string]> = [
      [{ Priority: 'High' }, 'Priority'],
      [{ Priority: 'Urgent', Chat_language: 'en' }, 'Priority'],
      [{ Priority: 'Low', Chat_language: 'de' }, 'General'],
      [undefined, 'General'],
      [{ Chat_language: 'fr', Priority: 'High' }, 'French'],
    ];
    for (const [attributes, queue] of cases) {
      const id = await startConversation(t.sim, accessToken, attributes);
      expect((await recorded(t.sim, id)).queue, JSON.stringify(attributes)).toBe(queue);
    }
    const waiting = await queues(t.sim);
    expect([waiting.Priority.waiting.length, waiting.General.waiting.length, waiting.French.waiting.length]).toEqual([2, 2, 1]);
  });

  it('keeps work waiting when no rep is available, and offers it when a rep comes Online (ParticipantChanged after the wait)', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, { name: 'Sam', queues: ['General'], presence: 'Offline', script: [{ accept: true }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);

    expect((await queues(t.sim)).General.waiting).toEqual([{ conversationId: id, since: expect.any(Number) }]);
    expect((await recorded(t.sim, id)).entries.map((e: any) => e.entryType)).toEqual(['RoutingResult']);
    await setPresence(t.sim, 'Sam', 'Away');
    expect((await queues(t.sim)).General.waiting).toHaveLength(1);

    await setPresence(t.sim, 'Sam', 'Online');
    const frames = await stream.waitFor((f) => f.length === 2);
    stream.close();
    expect(described(frames)).toEqual(['RoutingResult Initial None', 'ParticipantChanged add Sam']);
    expect((await queues(t.sim)).General.waiting).toEqual([]);
    expect((await recorded(t.sim, id)).sessionStatus).toBe('Active');
  });

  it('respects capacity: fewest active first, the rest waits (FIFO) until a session ends', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, { name: 'Ann', queues: ['General'], capacity: 2, script: [{ accept: true }] });
    await addRep(t.sim, { name: 'Bob', queues: ['General', 'French'], capacity: 1, script: [{ accept: true }] });
    const { accessToken } = await getGuestToken(t.sim);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await startConversation(t.sim, accessToken));

    const holders = await Promise.all(ids.map(async (id) => (await recorded(t.sim, id)).assignedRep));
    expect(holders).toEqual(['Ann', 'Bob', 'Ann', null, null]);
    expect((await queues(t.sim)).General.waiting.map((w: any) => w.conversationId)).toEqual([ids[3], ids[4]]);
    expect((await reps(t.sim)).Ann).toMatchObject({ load: 2, capacity: 2 });

    const ended = await call(t.sim, 'POST', `${V1}/conversations/${ids[1]}/end-session`);
    expect(ended.status, show(ended)).toBe(200);
    expect((await recorded(t.sim, ids[3]!)).assignedRep).toBe('Bob');
    expect((await recorded(t.sim, ids[4]!)).assignedRep).toBeNull();
    const close = await call(t.sim, 'DELETE', `${API}/conversation/${ids[0]}?esDeveloperName=${t.sim.esDeveloperName}`, { token: accessToken });
    expect(close.status, show(close)).toBe(204);
    expect((await recorded(t.sim, ids[4]!)).assignedRep).toBe('Ann');
    expect((await queues(t.sim)).General.waiting).toEqual([]);
  });

  it('transfers through the control API: the rep leaves, a Transfer RoutingResult, routing status TRANSFER until the new queue\'s rep joins', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, { name: 'Gina', queues: ['General'] });
    await addRep(t.sim, { name: 'Felix', queues: ['French'], presence: 'Offline', script: [{ accept: true }, { say: 'Bonjour !' }] });
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    expect((await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'Let me find a French speaker' } })).status).toBe(201);

    const unknown = await call(t.sim, 'POST', `${V1}/conversations/${id}/transfer`, { body: { queue: 'Nowhere' } });
    expect(unknown.status, show(unknown)).toBe(404);
    expect(unknown.body.errorCode).toBe('QUEUE_NOT_FOUND');
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/transfer`, { body: { queue: 'French' } });
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toMatchObject({ queue: 'French', routingStatus: 'TRANSFER', sessionStatus: 'Waiting' });
    expect(await routingStatus(t.sim, token.accessToken, id)).toBe('TRANSFER');
    expect((await reps(t.sim)).Gina.load).toBe(0);

    await setPresence(t.sim, 'Felix', 'Online');
    const frames = await stream.waitFor((f) => f.length === 7);
    stream.close();
    expect(described(frames)).toEqual([
      'RoutingResult Initial None',
      'ParticipantChanged add Gina',
      'Message Gina: Let me find a French speaker',
      'ParticipantChanged remove Gina',
      'RoutingResult Transfer None',
      'ParticipantChanged add Felix',
      'Message Felix: Bonjour !',
    ]);
    expect(payloadOf(frames[4]!).routingConfigurationDetails.queueId).toBe((await queues(t.sim)).French.queueId);
    expect(await routingStatus(t.sim, token.accessToken, id)).toBe('ROUTED');
    expect((await recorded(t.sim, id)).agents.map((a: any) => a.displayName)).toEqual(['Felix']);
  });

  it('removing a rep puts their work back in the queue, first in line, and they leave the conversation', async () => {
    await putRouting(t.sim, THREE_QUEUES);
    await addRep(t.sim, { name: 'Ann', queues: ['General'], script: [{ accept: true }] });
    const { accessToken } = await getGuestToken(t.sim);
    const first = await startConversation(t.sim, accessToken);
    const second = await startConversation(t.sim, accessToken);
    const del = await call(t.sim, 'DELETE', `${V1}/reps/Ann`);
    expect(del.status, show(del)).toBe(204);
    expect((await queues(t.sim)).General.waiting.map((w: any) => w.conversationId)).toEqual([first, second]);
    const rec = await recorded(t.sim, first);
    expect(rec.entries.map((e: any) => e.entryType)).toEqual(['RoutingResult', 'ParticipantChanged', 'ParticipantChanged']);
    expect(rec.entries[2].entryPayload.entries[0].operation).toBe('remove');
    expect(rec.sessionStatus).toBe('Waiting');
    expect((await call(t.sim, 'DELETE', `${V1}/reps/Ann`)).status).toBe(404);
  });

  describe('the control API', () => {
    it('GET /routing shows the default (one "Default" queue) until PUT replaces it; reset restores it', async () => {
      expect((await call(t.sim, 'GET', `${V1}/routing`)).body).toEqual({ queues: [{ name: 'Default' }], rules: [], defaultQueue: 'Default' });
      await putRouting(t.sim, THREE_QUEUES);
      await addRep(t.sim, { name: 'Ann', queues: ['General'] });
      expect((await call(t.sim, 'GET', `${V1}/routing`)).body).toEqual(THREE_QUEUES);
      await call(t.sim, 'POST', `${V1}/reset`);
      expect((await call(t.sim, 'GET', `${V1}/routing`)).body.defaultQueue).toBe('Default');
      expect((await call(t.sim, 'GET', `${V1}/reps`)).body.reps).toEqual([]);
    });

    it.each([
      ['a rule naming an undeclared queue', { ...THREE_QUEUES, rules: [{ attribute: 'Chat_language', equals: 'de', queue: 'German' }] }, 'rules.0.queue'],
      ['a rule with both equals and matches', { ...THREE_QUEUES, rules: [{ attribute: 'Priority', equals: 'High', matches: 'H', queue: 'Priority' }] }, 'rules.0.equals'],
      ['a rule with a broken regular expression', { ...THREE_QUEUES, rules: [{ attribute: 'Priority', matches: '(High', queue: 'Priority' }] }, 'rules.0.matches'],
      ['an unknown default queue', { ...THREE_QUEUES, defaultQueue: 'Lobby' }, 'defaultQueue'],
      ['an unknown time zone', { ...THREE_QUEUES, officeHours: { timeZone: 'Mars/Olympus', weekly: {} } }, 'officeHours.timeZone'],
      ['an interval ending before it starts', { ...THREE_QUEUES, officeHours: { timeZone: 'UTC', weekly: { mon: [['17:00', '09:00']] } } }, 'officeHours.weekly.mon.0'],
      ['a queue declared twice', { ...THREE_QUEUES, queues: [{ name: 'General' }, { name: 'General' }] }, 'queues.1.name'],
    ])('PUT /routing refuses %s with 400 naming %s, and keeps the routing in force', async (_what, body, field) => {
      const r = await call(t.sim, 'PUT', `${V1}/routing`, { body });
      expect(r.status, show(r)).toBe(400);
      expect(r.body).toMatchObject({ code: '400', errorCode: 'INVALID_REQUEST' });
      expect(r.body.message).toContain(`${field}:`);
      expect((await call(t.sim, 'GET', `${V1}/routing`)).body.defaultQueue).toBe('Default');
    });

    it('refuses reps that do not fit the routing, and a routing that drops a rep\'s queue', async () => {
      await putRouting(t.sim, THREE_QUEUES);
      const unknownQueue = await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Zed', queues: ['General', 'German'] } });
      expect(unknownQueue.status, show(unknownQueue)).toBe(400);
      expect(unknownQueue.body.message).toContain('queues.1: no queue "German"');
      const badPresence = await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Zed', queues: ['General'], presence: 'Busy' } });
      expect(badPresence.status, show(badPresence)).toBe(400);
      expect(badPresence.body.message).toContain('presence');
      await addRep(t.sim, { name: 'Ann', queues: ['French'] });
      expect((await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Ann', queues: ['General'] } })).status).toBe(409);
      const patch = await call(t.sim, 'PATCH', `${V1}/reps/Ann`, { body: { presence: 'Lunch' } });
      expect(patch.status, show(patch)).toBe(400);
      expect((await call(t.sim, 'PATCH', `${V1}/reps/Nobody`, { body: { presence: 'Online' } })).status).toBe(404);

      const drop = await call(t.sim, 'PUT', `${V1}/routing`, { body: { queues: [{ name: 'General' }], defaultQueue: 'General' } });
      expect(drop.status, show(drop)).toBe(400);
      expect(drop.body).toMatchObject({ errorCode: 'ROUTING_IN_USE' });
      expect(drop.body.message).toContain('rep "Ann"');
    });

    it('with reps configured, a rep action must name a known rep (or the one holding the work)', async () => {
      await putRouting(t.sim, THREE_QUEUES);
      await addRep(t.sim, { name: 'Ann', queues: ['French'] });
      const { accessToken } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      const stranger = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'hi', repName: 'Stranger' } });
      expect(stranger.status, show(stranger)).toBe(404);
      expect(stranger.body.errorCode).toBe('REP_NOT_FOUND');
      const nameless = await call(t.sim, 'POST', `${V1}/conversations/${id}/accept`, { body: {} });
      expect(nameless.status, show(nameless)).toBe(400);
      expect(nameless.body.errorCode).toBe('REP_NAME_REQUIRED');
      // A rep of another queue may still pick the work up from its queue.
      const ann = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'I can help', repName: 'Ann' } });
      expect(ann.status, show(ann)).toBe(201);
      expect(await recorded(t.sim, id)).toMatchObject({ assignedRep: 'Ann', sessionStatus: 'Active' });
      expect((await queues(t.sim)).General.waiting).toEqual([]);
      const typing = await call(t.sim, 'POST', `${V1}/conversations/${id}/typing`, { body: { isTyping: true } });
      expect(typing.status, show(typing)).toBe(204);
    });
  });

  it('without routing configured, work waits in the "Default" queue and "Sim Rep" answers as before', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    expect((await queues(t.sim)).Default).toMatchObject({ queueId: '00GSIM000000001', waiting: [{ conversationId: id }] });
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'Hello' } });
    expect(r.status, show(r)).toBe(201);
    expect(r.body.senderDisplayName).toBe('Sim Rep');
    expect((await queues(t.sim)).Default.waiting).toEqual([]);
  });
});

describe('routing: office hours on the simulated clock', () => {
  // Saturday 4 January 2025, 10:00 in Paris (09:00 UTC).
  const clock = new ManualClock(Date.UTC(2025, 0, 4, 9, 0));
  const t = useSim({ clock });
  const weekdays = { timeZone: 'Europe/Paris', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '12:30'], ['13:30', '17:00']]])) };

  it('after hours: the RoutingResult reports a RoutingError, the session ends, and the next message needs a new session', async () => {
    clock.set(Date.UTC(2025, 0, 4, 9, 0));
    await putRouting(t.sim, { ...THREE_QUEUES, officeHours: weekdays });
    await addRep(t.sim, { name: 'Ann', queues: ['General'], script: [{ accept: true }] });
    expect((await queues(t.sim)).General.open).toBe(false);
    const token = await getGuestToken(t.sim);
    const { id, stream } = await conversationWithStream(t.sim, token);
    const frames = await stream.waitFor((f) => f.length === 2);
    stream.close();

    expect(described(frames)).toEqual(['RoutingResult Initial RoutingError', 'SessionStatusChanged Ended']);
    const failure = payloadOf(frames[0]!);
    expect(failure.failureReason).toMatch(/outside its office hours/);
    expect(failure.routingConfigurationDetails.queueId).toEqual(expect.stringMatching(/^00G/));
    expect(await recorded(t.sim, id)).toMatchObject({ sessionStatus: 'Ended', status: 'OPEN', assignedRep: null });
    expect((await sendMessage(t.sim, token.accessToken, id, 'anyone?')).status).toBe(417);
  });

  it('opens with the clock: on Monday 09:00 Paris the same routing assigns the work; a queue\'s own hours win over the global ones', async () => {
    clock.set(Date.UTC(2025, 0, 4, 9, 0));
    const weekendFrench = { timeZone: 'Europe/Paris', weekly: { sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] } };
    await putRouting(t.sim, { ...THREE_QUEUES, queues: [{ name: 'General' }, { name: 'French', officeHours: weekendFrench }, { name: 'Priority' }], officeHours: weekdays });
    await addRep(t.sim, { name: 'Ann', queues: ['General'], script: [{ accept: true }] });
    await addRep(t.sim, { name: 'Felix', queues: ['French'], script: [{ accept: true }] });
    const { accessToken } = await getGuestToken(t.sim);
    const french = await startConversation(t.sim, accessToken, { Chat_language: 'fr' });
    expect(await recorded(t.sim, french)).toMatchObject({ assignedRep: 'Felix', sessionStatus: 'Active' });

    const advance = await call(t.sim, 'POST', `${V1}/clock/advance`, { body: { minutes: 47 * 60 - 1 } }); // Monday 08:59 in Paris
    expect(advance.status, show(advance)).toBe(200);
    expect((await queues(t.sim)).General.open).toBe(false);
    clock.advance(60_000); // Monday 09:00 Paris
    const fresh = await getGuestToken(t.sim);
    const general = await startConversation(t.sim, fresh.accessToken);
    expect(await recorded(t.sim, general)).toMatchObject({ queue: 'General', assignedRep: 'Ann', sessionStatus: 'Active' });
    expect((await queues(t.sim)).French.open).toBe(false);
    clock.set(Date.UTC(2025, 0, 6, 11, 45)); // Monday 12:45 Paris: lunch break
    expect((await queues(t.sim)).General.open).toBe(false);
  });
});

describe('routing and reps from the config file', () => {
  const base = { orgs: [], deployments: [], keysets: [] };
  const write = (json: unknown) => {
    const file = join(tempDir('miaw-routing'), 'miaw-sim.config.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('loads routing and reps into the seed', async () => {
    const reps = [{ name: 'Ann', queues: ['French'], script: [{ accept: true }, { say: 'Bonjour {{customer.name}}' }] }];
    const seed = await loadConfig(write({ routing: THREE_QUEUES, reps }), base, 0);
    expect(seed.routing).toEqual(THREE_QUEUES);
    expect(seed.reps).toEqual(reps);
  });

  it.each([
    [{ routing: { ...THREE_QUEUES, defaultQueue: 'Lobby' } }, 'routing.defaultQueue'],
    [{ reps: [{ name: 'Ann', queues: ['French'] }] }, 'reps.0.queues.0'],
    [{ routing: THREE_QUEUES, reps: [{ name: 'Ann', queues: ['French'], script: [{ say: 'Hi {{customer.email}}' }] }] }, 'reps.0.script.0.say'],
    [{ routing: THREE_QUEUES, reps: [{ name: 'Ann', queues: ['French'] }, { name: 'Ann', queues: ['General'] }] }, 'reps.1.name'],
  ])('refuses %j naming %s', async (json, field) => {
    const file = write(json);
    await expect(loadConfig(file, base, 0)).rejects.toThrow(`Invalid config ${file}: ${field}:`);
  });
});
