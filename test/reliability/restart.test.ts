import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSession } from '../../client/fakeSession.ts';
import { createHandoffClient, type Handoff, type HandoffSession } from '../../client/index.ts';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { readStateFile, writeStateFile } from '../../simulator/index.ts';
import { startSimulator, type RunningSimulator, type StartOptions } from '../../simulator/index.ts';
import { messaging, RecordingSink } from '../helpers/handoff.ts';
import { call, getGuestToken, getVerifiedToken, recorded, sendMessage, show, startConversation } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';
import { tempDir } from '../helpers/tempDir.ts';

/**
 * Restart: a state export taken after a few handoffs the rep answered, loaded into a new simulator
 * (as `--import` does) with the same token secret and key pair. Everything recorded is still there,
 * event ids go on increasing, Last-Event-ID replays across the restart, tokens issued before it
 * still work (and only with the same secret), and token cutoffs still hold.
 */
const API = '/iamessage/api/v2';
const CUSTOMER = 'restart-customer';

describe('restart: export, start again with the import, nothing lost', () => {
  const running: RunningSimulator[] = [];
  const start = async (options: StartOptions) => {
    const sim = await startSimulator({ log: () => undefined, ...options });
    running.push(sim);
    return sim;
  };
  const stop = async (sim: RunningSimulator) => {
    running.splice(running.indexOf(sim), 1);
    await sim.stop();
  };
  afterAll(async () => {
    for (const sim of running.splice(0)) await sim.stop();
  });
  const repSays = async (sim: RunningSimulator, id: string, text: string) => {
    const r = await call(sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text } });
    expect(r.status, show(r)).toBe(201);
  };
  /** The control API's view of a conversation, without the journal (requests are not part of the state). */
  const withoutJournal = async (sim: RunningSimulator, id: string) => {
    const { journal: _journal, ...rest } = await recorded(sim, id);
    return rest;
  };

  it('keeps conversations, entries, routing attributes, sessions, events, tokens and cutoffs', async () => {
    const tokenSecret = randomBytes(32);
    const keyPair = await generateRsaKeyPair();
    const first = await start({ tokenSecret, keyPair });

    // Three handoffs of one customer, each answered twice by the rep; then one session ended and one conversation closed.
    const client = createHandoffClient(first.clientConfig, { stream: { reconnectBaseMs: 10 } });
    const sessions: HandoffSession[] = [1, 2, 3].map((seed) => {
      const session = fakeSession({ seed });
      return { ...session, contact: { ...session.contact, id: CUSTOMER } };
    });
    const handoffs: Handoff[] = [];
    for (const [i, session] of sessions.entries()) {
      const sink = new RecordingSink();
      const handoff = messaging(await client.handoff(session, sink));
      for (const text of [`hello ${i}`, `how can I help, ${i}?`]) await repSays(first, handoff.conversationId, text);
      await sink.waitFor(() => sink.messages().length === 2);
      expect(sink.messages()).toEqual([`hello ${i}`, `how can I help, ${i}?`]);
      handoffs.push(handoff);
    }
    const [open, ended, closed] = handoffs as [Handoff, Handoff, Handoff];
    expect((await call(first, 'POST', `/__sim/v1/conversations/${ended.conversationId}/end-session`)).status).toBe(200);
    await ended.stream.done;
    await closed.close();
    open.stream.close();

    // A guest with a conversation the rep answered, and a guest whose tokens were expired by a cutoff.
    const guest = await getGuestToken(first);
    const guestConversation = await startConversation(first, guest.accessToken, { Origin: 'Web' });
    await repSays(first, guestConversation, 'hi guest');
    const cutOff = await getGuestToken(first);
    const expired = await call(first, 'POST', '/__sim/v1/tokens/expire', { body: { subject: cutOff.body.context.endUser.subject } });
    expect(expired.status, show(expired)).toBe(200);

    const ids = [...handoffs.map((h) => h.conversationId), guestConversation];
    // The client acknowledges each rep message as delivered in the background once its sink has it: let
    // those receipts land first, so the state compared below is not still changing.
    const repMessages = async () => (await Promise.all(handoffs.map((h) => recorded(first, h.conversationId)))).flatMap((c: any) => c.entries.filter((e: any) => e.entryType === 'Message' && e.sender?.role === 'Agent'));
    for (let tries = 0; (await repMessages()).some((e: any) => !e.deliveredAt); tries++) {
      if (tries === 200) expect.fail(`the client did not acknowledge every rep message as delivered: ${JSON.stringify(await repMessages())}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await repMessages()).length).toBe(6);
    const before = await Promise.all(ids.map((id) => withoutJournal(first, id)));
    const exported = (await call(first, 'GET', '/__sim/v1/state')).body;
    await stop(first);

    // Through a file, as `--export-on-exit` / `--import` do.
    const file = join(tempDir('miaw-sim-restart'), 'state.json');
    writeStateFile(file, exported);
    const second = await start({ state: readStateFile(file), tokenSecret, keyPair });

    // Nothing lost: the whole export, and each conversation as the control API shows it.
    expect((await call(second, 'GET', '/__sim/v1/state')).body).toEqual(exported);
    expect(await Promise.all(ids.map((id) => withoutJournal(second, id)))).toEqual(before);
    expect((await recorded(second, open.conversationId)).routingAttributes).toEqual(open.routingAttributes);
    expect((await call(second, 'GET', '/__sim/v1/health')).body.conversations).toBe(ids.length);

    // Tokens issued before the restart still work with the same secret; the cutoff still holds.
    const list = await call(second, 'GET', `${API}/conversation/list`, { token: guest.accessToken });
    expect(list.status, show(list)).toBe(200);
    expect(list.body.conversations.map((c: any) => c.conversationId)).toEqual([guestConversation]);
    const stillExpired = await call(second, 'GET', `${API}/conversation/list`, { token: cutOff.accessToken });
    expect([stillExpired.status, stillExpired.body.errorCode]).toEqual([401, 'ACCESS_TOKEN_EXPIRED']);

    // Event ids go on from where they were, and Last-Event-ID replays across the restart.
    const lastBefore: number = exported.events.seq;
    const guestEvents = exported.events.events.filter((e: any) => e.subject === guest.body.context.endUser.subject).map((e: any) => e.id);
    expect(guestEvents.length).toBeGreaterThanOrEqual(3);
    expect(Number((await getGuestToken(second)).lastEventId)).toBe(lastBefore);
    const stream = await openStream(second.url, guest.accessToken, second.orgId, String(guestEvents[0] - 1));
    await repSays(second, guestConversation, 'still here after the restart');
    const frames = await stream.waitFor((events) => events.some((e) => e.data.includes('still here after the restart')));
    stream.close();
    const frameIds = frames.map((e) => Number(e.id));
    expect(frameIds.slice(0, guestEvents.length)).toEqual(guestEvents);
    expect(frameIds.slice(guestEvents.length).every((id) => id > lastBefore)).toBe(true);
    expect(frameIds).toEqual([...frameIds].sort((a, b) => a - b));
    expect(new Set(frameIds).size).toBe(frameIds.length);

    // The verified customer carries on: the same key still signs, sessions keep their state.
    const { accessToken } = await getVerifiedToken(second, CUSTOMER);
    const mine = await call(second, 'GET', `${API}/conversation/list?inclClosedConvs=true`, { token: accessToken });
    expect(mine.body.conversations.map((c: any) => c.conversationId).sort()).toEqual(handoffs.map((h) => h.conversationId).sort());
    expect((await sendMessage(second, accessToken, open.conversationId, 'back again')).status).toBe(202);
    expect((await sendMessage(second, accessToken, ended.conversationId, 'anyone?')).status).toBe(417);
    expect((await sendMessage(second, accessToken, closed.conversationId, 'hello?')).status).toBe(400);
    const entries = (await recorded(second, open.conversationId)).entries.map((e: any) => e.identifier);
    expect(new Set(entries).size).toBe(entries.length);

    // And a new handoff to the restarted simulator works with the same configuration.
    const sink = new RecordingSink();
    const next = messaging(await createHandoffClient(second.clientConfig).handoff(fakeSession({ seed: 9 }), sink));
    await repSays(second, next.conversationId, 'new here');
    await sink.waitFor(() => sink.messages().length === 1);
    next.stream.close();
    expect(sink.messages()).toEqual(['new here']);
  });

  it('refuses tokens from before the restart when it starts with another secret', async () => {
    const keyPair = await generateRsaKeyPair();
    const first = await start({ tokenSecret: randomBytes(32), keyPair });
    const guest = await getGuestToken(first);
    await startConversation(first, guest.accessToken);
    const state = (await call(first, 'GET', '/__sim/v1/state')).body;
    await stop(first);
    const second = await start({ state, keyPair });
    const r = await call(second, 'GET', `${API}/conversation/list`, { token: guest.accessToken });
    expect([r.status, r.body.errorCode]).toEqual([401, 'ACCESS_TOKEN_INVALID']);
    expect((await call(second, 'GET', '/__sim/v1/state')).body).toEqual(state);
  });

  it('puts sessions that were waiting for a rep back in their queue, oldest first', async () => {
    const keyPair = await generateRsaKeyPair();
    const first = await start({ keyPair });
    const guest = await getGuestToken(first);
    const waiting = [await startConversation(first, guest.accessToken), await startConversation(first, guest.accessToken)];
    const queue = async (sim: RunningSimulator) => (await call(sim, 'GET', '/__sim/v1/queues')).body.queues[0].waiting.map((w: any) => w.conversationId);
    expect(await queue(first)).toEqual(waiting);
    const state = (await call(first, 'GET', '/__sim/v1/state')).body;
    await stop(first);

    const second = await start({ state, keyPair });
    expect(await queue(second)).toEqual(waiting);
    const rep = await call(second, 'POST', '/__sim/v1/reps', { body: { name: 'Alex', queues: ['Default'], script: [{ say: 'picked up after the restart' }] } });
    expect(rep.status, show(rep)).toBe(201);
    const said = (await recorded(second, waiting[0]!)).entries.filter((e: any) => e.sender.role === 'Agent').map((e: any) => e.entryPayload.abstractMessage.staticContent.text);
    expect(said).toEqual(['picked up after the restart']);
    expect(await queue(second)).toEqual([waiting[1]]);
  });

  it('keeps the queues, the reps and which rep holds which conversation', async () => {
    const keyPair = await generateRsaKeyPair();
    const first = await start({ keyPair });
    const routing = { queues: [{ name: 'Sales' }, { name: 'Support' }], rules: [], defaultQueue: 'Support' };
    expect((await call(first, 'PUT', '/__sim/v1/routing', { body: routing })).status).toBe(200);
    const added = await call(first, 'POST', '/__sim/v1/reps', { body: { name: 'Alex', queues: ['Support'], capacity: 1 } });
    expect(added.status, show(added)).toBe(201);
    expect((await call(first, 'PATCH', '/__sim/v1/reps/Alex', { body: { presence: 'Online' } })).status).toBe(200);
    const guest = await getGuestToken(first);
    const held = await startConversation(first, guest.accessToken);
    const support = async (sim: RunningSimulator) => (await call(sim, 'GET', '/__sim/v1/queues')).body.queues.find((q: any) => q.name === 'Support');
    expect((await support(first)).reps).toEqual([{ name: 'Alex', presence: 'Online', load: 1, capacity: 1 }]);
    const state = (await call(first, 'GET', '/__sim/v1/state')).body;
    await stop(first);

    const second = await start({ state, keyPair });
    expect((await call(second, 'GET', '/__sim/v1/routing')).body).toEqual(routing);
    expect((await call(second, 'GET', '/__sim/v1/reps')).body.reps).toEqual([expect.objectContaining({ name: 'Alex', userId: added.body.userId, capacity: 1 })]);
    // Alex still holds the first conversation, so a new one waits: capacity is still counted.
    const next = await startConversation(second, (await getGuestToken(second)).accessToken);
    expect(await support(second)).toMatchObject({ reps: [{ name: 'Alex', load: 1 }], waiting: [{ conversationId: next }] });
    const reply = await call(second, 'POST', `/__sim/v1/conversations/${held}/messages`, { body: { text: 'still here' } });
    expect(reply.status, show(reply)).toBe(201);
    const said = (await recorded(second, held)).entries.filter((e: any) => e.sender.role === 'Agent').map((e: any) => e.senderDisplayName);
    expect(said).toContain('Alex');
  });

  it('keeps simulated time that was moved ahead', async () => {
    const keyPair = await generateRsaKeyPair();
    const first = await start({ keyPair });
    const advanced = await call(first, 'POST', '/__sim/v1/clock/advance', { body: { minutes: 180 } });
    expect(advanced.status, show(advanced)).toBe(200);
    const state = (await call(first, 'GET', '/__sim/v1/state')).body;
    await stop(first);
    expect(state.clock.offsetMs).toBe(180 * 60_000);

    const second = await start({ state, keyPair });
    const clock = (await call(second, 'GET', '/__sim/v1/clock')).body;
    expect(clock.offsetMs).toBe(180 * 60_000);
    expect(clock.now).toBeGreaterThan(Date.now() + 179 * 60_000);
  });
});
