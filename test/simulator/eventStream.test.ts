import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, getVerifiedToken, show, startConversation, useSim } from '../helpers/sim.ts';
import { RawSse, openStream, type SseFrame } from '../helpers/sse.ts';

/** Status line and raw body of a stream, for assertion messages. */
const showSse = (s: RawSse) => `${s.status} ${s.raw}`;
const dataOf = (f: SseFrame) => JSON.parse(f.data);
const idsOf = (frames: SseFrame[]) => frames.map((f) => Number(f.id));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function repSays(sim: RunningSimulator, conversationId: string, text: string) {
  const r = await call(sim, 'POST', `/__sim/v1/conversations/${conversationId}/messages`, { body: { text } });
  expect(r.status, show(r)).toBe(201);
  return r.body;
}

const hasMessage = (text: string) => (frames: SseFrame[]) =>
  frames.some((f) => f.event === 'CONVERSATION_MESSAGE' && JSON.parse(dataOf(f).conversationEntry.entryPayload).abstractMessage.staticContent.text === text);

describe('GET /eventrouter/v1/sse', () => {
  const t = useSim();

  it('answers 200 text/event-stream and writes each event as exactly id, event, one line of data, blank line', async () => {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await repSays(t.sim, id, 'first line\nsecond line');
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    await stream.waitFor(hasMessage('first line\nsecond line'));
    stream.close();

    expect(stream.status, showSse(stream)).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.raw).toMatch(/^(id: \d+\nevent: CONVERSATION_[A-Z_]+\ndata: \{[^\n]*\}\n\n)+$/);
    const blocks = stream.raw.split('\n\n').slice(0, -1);
    expect(blocks.map((b) => b.split('\n').length)).toEqual(blocks.map(() => 3));
    for (const f of stream.frames()) expect(() => dataOf(f)).not.toThrow();
  });

  it('wraps each entry in the MIAW envelope with entryPayload as a JSON string', async () => {
    const { accessToken, lastEventId, body } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await repSays(t.sim, id, 'hello');
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    const frames = await stream.waitFor(hasMessage('hello'));
    stream.close();

    const channel = body.context.configuration.embeddedServiceConfig.embeddedServiceMessagingChannel.channelAddressIdentifier;
    const subject: string = body.context.endUser.subject;
    expect(frames.map((f) => f.event)).toEqual(['CONVERSATION_ROUTING_RESULT', 'CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_MESSAGE']);
    for (const f of frames) {
      const data = dataOf(f);
      expect(data).toMatchObject({ channelType: 'embedded_messaging', channelAddressIdentifier: channel, conversationId: id });
      expect(typeof data.channelPlatformKey).toBe('string');
      expect(subject.endsWith(data.channelPlatformKey)).toBe(true);
      expect(typeof data.conversationEntry.entryPayload).toBe('string');
      const payload = JSON.parse(data.conversationEntry.entryPayload);
      expect(payload.entryType).toBe(data.conversationEntry.entryType);
      expect(payload.id).toBe(data.conversationEntry.identifier);
      expect(data.conversationEntry.senderDisplayName).toBeTruthy();
    }
    expect(dataOf(frames[2]!).conversationEntry.sender.role).toBe('Agent');
  });

  describe('replay', () => {
    it('with Last-Event-ID from the token response, replays what happened after the token (conversation created before the stream)', async () => {
      const first = await getVerifiedToken(t.sim, 'replay-user');
      const before = await startConversation(t.sim, first.accessToken);
      const second = await getVerifiedToken(t.sim, 'replay-user');
      const after = await startConversation(t.sim, second.accessToken);

      const stream = await openStream(t.sim.url, second.accessToken, t.sim.orgId, second.lastEventId);
      const frames = await stream.waitFor((f) => f.length >= 1);
      await sleep(100);
      stream.close();

      expect(stream.events().map((f) => [f.event, dataOf(f).conversationId])).toEqual([['CONVERSATION_ROUTING_RESULT', after]]);
      expect(Number(frames[0]!.id)).toBeGreaterThan(Number(second.lastEventId));
      expect(stream.raw).not.toContain(before);
    });

    it('with Last-Event-ID "0", replays everything retained; with the newest id, nothing', async () => {
      const { accessToken } = await getVerifiedToken(t.sim, 'zero-user');
      const id = await startConversation(t.sim, accessToken);
      await repSays(t.sim, id, 'retained');
      const latest = await getVerifiedToken(t.sim, 'zero-user');

      const all = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
      const caughtUp = await openStream(t.sim.url, latest.accessToken, t.sim.orgId, latest.lastEventId);
      const frames = await all.waitFor(hasMessage('retained'));
      await sleep(100);
      all.close();
      caughtUp.close();

      expect(frames.map((f) => f.event)).toEqual(['CONVERSATION_ROUTING_RESULT', 'CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_MESSAGE']);
      expect(caughtUp.status, showSse(caughtUp)).toBe(200);
      expect(caughtUp.events()).toEqual([]);
    });

    it('without Last-Event-ID, streams live events only', async () => {
      const { accessToken } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      await repSays(t.sim, id, 'before the stream');
      const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
      await repSays(t.sim, id, 'live');
      const frames = await stream.waitFor(hasMessage('live'));
      stream.close();

      expect(frames.map((f) => f.event)).toEqual(['CONVERSATION_MESSAGE']);
      expect(stream.raw).not.toContain('before the stream');
    });

    it('goes from replay to live without gaps or duplicates, ids strictly increasing', async () => {
      const { accessToken, lastEventId, body } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      for (const text of ['r1', 'r2', 'r3']) await repSays(t.sim, id, text);
      const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
      for (const text of ['l1', 'l2', 'l3']) await repSays(t.sim, id, text);
      const frames = await stream.waitFor(hasMessage('l3'));
      stream.close();

      const ids = idsOf(frames);
      const retained = t.ctx.store.events.after(body.context.endUser.subject, Number(lastEventId)).map((e) => e.id);
      expect(ids).toEqual(retained);
      expect(ids.every((n, i) => i === 0 || n > ids[i - 1]!)).toBe(true);
      const texts = frames.filter((f) => f.event === 'CONVERSATION_MESSAGE').map((f) => JSON.parse(dataOf(f).conversationEntry.entryPayload).abstractMessage.staticContent.text);
      expect(texts).toEqual(['r1', 'r2', 'r3', 'l1', 'l2', 'l3']);
    });
  });

  describe('who receives what', () => {
    it('carries every conversation of the subject on one stream', async () => {
      const { accessToken, lastEventId } = await getGuestToken(t.sim);
      const a = await startConversation(t.sim, accessToken);
      const b = await startConversation(t.sim, accessToken);
      const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
      await repSays(t.sim, a, 'to a');
      await repSays(t.sim, b, 'to b');
      const frames = await stream.waitFor((f) => hasMessage('to a')(f) && hasMessage('to b')(f));
      stream.close();
      expect(new Set(frames.map((f) => dataOf(f).conversationId))).toEqual(new Set([a, b]));
    });

    it('fans a rep message out to every open stream of the subject', async () => {
      const { accessToken } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      const one = await openStream(t.sim.url, accessToken, t.sim.orgId);
      const two = await openStream(t.sim.url, accessToken, t.sim.orgId);
      await repSays(t.sim, id, 'to both');
      const [f1, f2] = await Promise.all([one.waitFor(hasMessage('to both')), two.waitFor(hasMessage('to both'))]);
      one.close();
      two.close();
      expect(idsOf(f1)).toEqual(idsOf(f2));
    });

    it("never sends one subject's events to another subject's stream, live or replayed", async () => {
      const alice = await getGuestToken(t.sim);
      const bob = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, alice.accessToken);
      const aliceStream = await openStream(t.sim.url, alice.accessToken, t.sim.orgId);
      const bobLive = await openStream(t.sim.url, bob.accessToken, t.sim.orgId);
      await repSays(t.sim, id, 'for alice');
      await aliceStream.waitFor(hasMessage('for alice'));
      const bobReplay = await openStream(t.sim.url, bob.accessToken, t.sim.orgId, '0');
      await sleep(150);
      for (const s of [aliceStream, bobLive, bobReplay]) s.close();

      expect(bobLive.status, showSse(bobLive)).toBe(200);
      expect(bobLive.events()).toEqual([]);
      expect(bobReplay.events()).toEqual([]);
    });

    it('opens with 200 for a subject that has no conversation yet, and keeps a healthy stream open', async () => {
      const { accessToken, lastEventId } = await getGuestToken(t.sim);
      const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
      await sleep(300);
      const endedEarly = stream.ended;
      const id = await startConversation(t.sim, accessToken);
      const frames = await stream.waitFor((f) => f.length > 0);
      stream.close();

      expect(stream.status, showSse(stream)).toBe(200);
      expect(endedEarly).toBe(false);
      expect(dataOf(frames[0]!).conversationId).toBe(id);
    });
  });

  describe('request checks', () => {
    const cases: Array<{ name: string; headers: (token: string, sim: RunningSimulator) => Record<string, string>; status: number; errorCode?: string }> = [
      { name: 'X-Org-Id missing', headers: (token) => ({ authorization: `Bearer ${token}` }), status: 400, errorCode: 'MISSING_ORG_ID_HEADER' },
      { name: 'X-Org-Id of another org', headers: (token) => ({ authorization: `Bearer ${token}`, 'x-org-id': '00DSIM000000002' }), status: 403, errorCode: 'ORG_ID_MISMATCH' },
      { name: 'X-Org-Id that is not an id', headers: (token) => ({ authorization: `Bearer ${token}`, 'x-org-id': 'nonsense' }), status: 403, errorCode: 'ORG_ID_MISMATCH' },
      { name: 'no bearer token', headers: (_token, sim) => ({ 'x-org-id': sim.orgId }), status: 401, errorCode: 'MISSING_ACCESS_TOKEN' },
      { name: 'an invalid bearer token', headers: (_token, sim) => ({ authorization: 'Bearer not.a.token', 'x-org-id': sim.orgId }), status: 401, errorCode: 'ACCESS_TOKEN_INVALID' },
      { name: 'the 18-character org id', headers: (token, sim) => ({ authorization: `Bearer ${token}`, 'x-org-id': sim.orgId18 }), status: 200 },
      { name: 'the org id header spelled X-Org-ID', headers: (token, sim) => ({ authorization: `Bearer ${token}`, 'X-Org-ID': sim.orgId }), status: 200 },
    ];

    it.each(cases)('$name => $status', async ({ headers, status, errorCode }) => {
      const { accessToken } = await getGuestToken(t.sim);
      const stream = await RawSse.open(`${t.sim.url}/eventrouter/v1/sse`, headers(accessToken, t.sim));
      if (status !== 200) await stream.waitForEnd();
      else await sleep(50);
      stream.close();

      expect(stream.status, showSse(stream)).toBe(status);
      if (errorCode) {
        expect(stream.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(stream.raw)).toMatchObject({ code: String(status), errorCode });
        expect(stream.raw).not.toContain(accessToken);
      } else {
        expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(stream.ended).toBe(false);
      }
    });

    it('accepts the 18-character org id (the sample app sends what it is given) but says once per end user that Salesforce documents 15', async () => {
      const { accessToken } = await getGuestToken(t.sim);
      const open = async (orgId: string) => {
        const stream = await RawSse.open(`${t.sim.url}/eventrouter/v1/sse`, { authorization: `Bearer ${accessToken}`, 'x-org-id': orgId });
        stream.close();
        return stream;
      };
      const before = t.logs.length;
      await open(t.sim.orgId);
      expect(t.logs.slice(before).filter((l) => l.includes('X-Org-Id'))).toEqual([]);
      for (let i = 0; i < 3; i++) expect((await open(t.sim.orgId18)).status).toBe(200);
      const notes = t.logs.slice(before).filter((l) => l.includes('X-Org-Id'));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toContain(`Salesforce documents the 15-character id (${t.sim.orgId})`);
      expect(notes[0]).not.toContain(accessToken);
    });

    it('ignores unknown query parameters such as _ts', async () => {
      const { accessToken, lastEventId } = await getGuestToken(t.sim);
      const id = await startConversation(t.sim, accessToken);
      const stream = await RawSse.open(`${t.sim.url}/eventrouter/v1/sse?_ts=${Date.now()}&unknown=1&_ts=2`, {
        authorization: `Bearer ${accessToken}`,
        'x-org-id': t.sim.orgId,
        'last-event-id': lastEventId,
      });
      const frames = await stream.waitFor((f) => f.length > 0);
      stream.close();
      expect(stream.status, showSse(stream)).toBe(200);
      expect(dataOf(frames[0]!).conversationId).toBe(id);
    });
  });
});

describe('GET /eventrouter/v1/sse keep-alive', () => {
  const t = useSim({ pingIntervalMs: 50 });

  it('sends `event: ping` / `data: 0` frames with no id, between real events whose ids are unaffected', async () => {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    const pings = () => stream.frames().filter((f) => f.event === 'ping').length;
    await stream.waitFor(() => pings() >= 2);
    const id = await startConversation(t.sim, accessToken);
    await repSays(t.sim, id, 'between pings');
    await stream.waitFor((f) => hasMessage('between pings')(f) && pings() >= 4);
    stream.close();

    const blocks = stream.raw.split('\n\n').slice(0, -1);
    const pingBlocks = blocks.filter((b) => b.includes('event: ping'));
    expect(pingBlocks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(pingBlocks)).toEqual(new Set(['event: ping\ndata: 0']));
    const ids = idsOf(stream.events());
    expect(ids.every((n, i) => Number.isInteger(n) && (i === 0 || n > ids[i - 1]!))).toBe(true);
  });
});
