import { afterEach, describe, expect, it } from 'vitest';
import { readOptionFlags } from '../../cli/optionFlags.ts';
import { defaultOptions, type RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, getVerifiedToken, useSim } from '../helpers/sim.ts';
import { openStream, type RawSse } from '../helpers/sse.ts';

const showSse = (s: RawSse) => `${s.status} ${s.raw}`;

/** Streams opened by a test, closed after it whatever happens. */
const opened: RawSse[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

async function open(sim: RunningSimulator, token: string): Promise<RawSse> {
  const stream = await openStream(sim.url, token, sim.orgId);
  opened.push(stream);
  return stream;
}

/** Wait until the simulator counts `n` open streams (a closed socket reaches it a moment later). */
async function openStreamsBecome(sim: RunningSimulator, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const count = (await call(sim, 'GET', '/__sim/v1/health')).body.openStreams;
    if (count === n) return;
    if (Date.now() > deadline) throw new Error(`the simulator still counts ${count} open streams, expected ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a cap on concurrent event streams per access token (default)', () => {
  const t = useSim();

  it(`lets one token hold ${defaultOptions.maxStreamsPerToken} streams, answers the next with 429 TOO_MANY_EVENT_STREAMS, and frees a slot when one closes`, async () => {
    expect(defaultOptions.maxStreamsPerToken).toBe(5);
    const { accessToken } = await getGuestToken(t.sim);
    const streams: RawSse[] = [];
    for (let i = 0; i < 5; i++) streams.push(await open(t.sim, accessToken));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);

    const refused = await open(t.sim, accessToken);
    await refused.waitForEnd();
    expect(refused.status, showSse(refused)).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(refused.raw);
    expect(body).toEqual({ code: '429', errorCode: 'TOO_MANY_EVENT_STREAMS', message: expect.stringMatching(/already has 5 open event streams.*--max-streams-per-token/) });
    expect(refused.raw).not.toContain(accessToken);
    const journal = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path === '/eventrouter/v1/sse');
    expect(journal.map((r: any) => [r.status, r.errorCode ?? null])).toEqual([[429, 'TOO_MANY_EVENT_STREAMS']]); // the open ones are journalled when they end
    await openStreamsBecome(t.sim, 5);

    streams[2]!.close();
    await openStreamsBecome(t.sim, 4);
    const next = await open(t.sim, accessToken);
    expect(next.status, showSse(next)).toBe(200);
    const oneTooMany = await open(t.sim, accessToken);
    expect(oneTooMany.status, showSse(oneTooMany)).toBe(429);
  });

  it('counts per access token: another token of the same user, and other users, still open streams', async () => {
    const first = await getVerifiedToken(t.sim, 'same-customer');
    for (let i = 0; i < 5; i++) expect((await open(t.sim, first.accessToken)).status).toBe(200);
    expect((await open(t.sim, first.accessToken)).status).toBe(429);

    const second = await getVerifiedToken(t.sim, 'same-customer');
    expect((await open(t.sim, second.accessToken)).status).toBe(200);
    const guest = await getGuestToken(t.sim);
    expect((await open(t.sim, guest.accessToken)).status).toBe(200);
  });

  it('frees the slots of streams the server ends (a dropped stream holds no slot)', async () => {
    const r = await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { path: '/eventrouter/v1/sse' }, action: { type: 'drop-stream', afterEvents: 0 }, times: 5 } });
    expect(r.status).toBe(201);
    const { accessToken } = await getGuestToken(t.sim);
    for (let i = 0; i < 5; i++) {
      const dropped = await open(t.sim, accessToken);
      expect(dropped.status).toBe(200);
      await dropped.waitForEnd();
    }
    await openStreamsBecome(t.sim, 0);
    for (let i = 0; i < 5; i++) expect((await open(t.sim, accessToken)).status).toBe(200);
  });
});

describe('a cap on concurrent event streams per access token (configured)', () => {
  describe('--max-streams-per-token 1', () => {
    const t = useSim({ maxStreamsPerToken: 1 });
    it('refuses a second stream with the same token until the first closes', async () => {
      const { accessToken } = await getGuestToken(t.sim);
      const first = await open(t.sim, accessToken);
      expect(first.status).toBe(200);
      const second = await open(t.sim, accessToken);
      expect(second.status, showSse(second)).toBe(429);
      await second.waitForEnd();
      expect(JSON.parse(second.raw).message).toMatch(/already has 1 open event stream,/);
      first.close();
      await openStreamsBecome(t.sim, 0);
      expect((await open(t.sim, accessToken)).status).toBe(200);
    });
  });

  describe('--max-streams-per-token 0', () => {
    const t = useSim({ maxStreamsPerToken: 0 });
    it('sets no cap', async () => {
      const { accessToken } = await getGuestToken(t.sim);
      for (let i = 0; i < 8; i++) expect((await open(t.sim, accessToken)).status).toBe(200);
    });
  });

  it('reads the flag and its environment variable', () => {
    expect(readOptionFlags({ maxStreamsPerToken: '2' }, {})).toEqual({ maxStreamsPerToken: 2 });
    expect(readOptionFlags({}, { MIAW_SIM_MAX_STREAMS_PER_TOKEN: '7' })).toEqual({ maxStreamsPerToken: 7 });
    expect(() => readOptionFlags({ maxStreamsPerToken: 'many' }, {})).toThrow('--max-streams-per-token must be a whole number, got "many"');
  });
});
