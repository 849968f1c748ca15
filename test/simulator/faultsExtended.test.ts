import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../simulator/faults/seededRandom.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { startServer } from '../../simulator/server/start.ts';
import { call, getGuestToken, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const FAULTS = '/__sim/v1/faults';
const CREATE = '/iamessage/api/v2/conversation';
const LIST = '/iamessage/api/v2/conversation/list';
const SSE = '/eventrouter/v1/sse';

async function addFault(sim: RunningSimulator, body: unknown): Promise<any[]> {
  const r = await call(sim, 'POST', FAULTS, { body });
  if (r.status !== 201) throw new Error(`add fault: ${show(r)}`);
  return r.body.rules;
}

const conversationIds = async (sim: RunningSimulator) => (await call(sim, 'GET', '/__sim/v1/conversations')).body.conversations.map((c: any) => c.conversationId);
const journalFor = async (sim: RunningSimulator, path: string) => (await call(sim, 'GET', '/__sim/v1/journal')).body.requests.filter((q: any) => q.path === path);
const openStreams = async (sim: RunningSimulator) => (await call(sim, 'GET', '/__sim/v1/health')).body.openStreams;
const repSays = (sim: RunningSimulator, conversationId: string, text: string) => call(sim, 'POST', `/__sim/v1/conversations/${conversationId}/messages`, { body: { text } });

/** POST /conversation over plain fetch, so the test decides when to give up. */
const rawCreate = (sim: RunningSimulator, token: string, signal?: AbortSignal) =>
  fetch(sim.url + CREATE, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: crypto.randomUUID(), esDeveloperName: sim.esDeveloperName }),
    signal,
  });

describe('hang: accepted, never answered', () => {
  const t = useSim();

  it('holds the request until the client gives up; nothing is stored; the journal shows it with status 0', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const [rule] = await addFault(t.sim, { match: { method: 'POST', path: CREATE }, action: { type: 'hang' }, times: 1 });
    const started = performance.now();
    await expect(rawCreate(t.sim, accessToken, AbortSignal.timeout(250))).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(await conversationIds(t.sim)).toEqual([]);
    await expect.poll(async () => (await journalFor(t.sim, CREATE)).map((q: any) => [q.status, q.fault])).toEqual([[0, rule.id]]);
    expect(t.ctx.hung.size).toBe(0);
    expect((await rawCreate(t.sim, accessToken)).status).toBe(201);
  });

  it('is released by POST /__sim/v1/reset: the held call fails at once and the reset answers', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: CREATE }, action: { type: 'hang' } });
    const held = rawCreate(t.sim, accessToken).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => t.ctx.hung.size).toBe(1);
    const reset = await call(t.sim, 'POST', '/__sim/v1/reset');
    expect(reset.status, show(reset)).toBe(200);
    expect(await held).toBe('failed');
    expect(t.ctx.hung.size).toBe(0);
    expect(await journalFor(t.sim, CREATE)).toEqual([]);
  });

  it('also holds an event stream request (no headers at all)', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: SSE }, action: { type: 'hang' }, times: 1 });
    const opening = openStream(t.sim.url, accessToken, t.sim.orgId).then(
      () => 'opened',
      () => 'failed',
    );
    await expect.poll(() => t.ctx.hung.size).toBe(1);
    await call(t.sim, 'POST', '/__sim/v1/reset');
    expect(await opening).toBe('failed');
  });

  it('does not keep a stopping simulator waiting', async () => {
    const { running: sim, ctx } = await startServer({});
    const { accessToken } = await getGuestToken(sim);
    await addFault(sim, { match: { path: CREATE }, action: { type: 'hang' } });
    const held = rawCreate(sim, accessToken).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => ctx.hung.size).toBe(1);
    await sim.stop();
    expect(await held).toBe('failed');
  });
});

describe('stall-stream and cut-stream', () => {
  const t = useSim({ pingIntervalMs: 50 });

  it('stall-stream: headers, then not one byte (no events, no pings) while a second stream gets the reply', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const [rule] = await addFault(t.sim, { match: { method: 'GET', path: SSE }, action: { type: 'stall-stream' }, times: 1 });
    const stalled = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    const healthy = await openStream(t.sim.url, accessToken, t.sim.orgId);
    expect([stalled.status, stalled.headers['content-type']]).toEqual([200, 'text/event-stream']);

    expect((await repSays(t.sim, id, 'are you there?')).status).toBe(201);
    await healthy.waitFor((events) => events.some((e) => e.data.includes('are you there?')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(healthy.frames().some((f) => f.event === 'ping')).toBe(true);
    expect(stalled.raw).toBe('');
    expect(stalled.ended).toBe(false);
    expect(await openStreams(t.sim)).toBe(2);

    // Held back, not lost: a new stream replays what the stalled one never delivered.
    const replay = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    await replay.waitFor((events) => events.some((e) => e.data.includes('are you there?')));
    for (const s of [stalled, healthy, replay]) s.close();
    await expect.poll(async () => (await journalFor(t.sim, SSE)).map((q: any) => q.fault)).toContain(rule.id);
  });

  it('stall-stream still ends with the token (reset closes it)', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: SSE }, action: { type: 'stall-stream' } });
    const stalled = await openStream(t.sim.url, accessToken, t.sim.orgId);
    await call(t.sim, 'POST', '/__sim/v1/reset');
    await stalled.waitForEnd();
    expect(stalled.raw).toBe('');
  });

  it('cut-stream: after one complete event, half of the next frame, then the connection is gone', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await repSays(t.sim, id, 'first');
    await repSays(t.sim, id, 'second, cut in half');
    const [rule] = await addFault(t.sim, { match: { path: '/eventrouter/*/sse' }, action: { type: 'cut-stream', afterEvents: 1 }, times: 1 });
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    await stream.waitForEnd();

    const complete = stream.events();
    expect(complete).toHaveLength(1);
    expect(stream.raw.endsWith('\n\n')).toBe(false);
    const partial = stream.raw.slice(stream.raw.lastIndexOf('\n\n') + 2);
    expect(partial).toMatch(/^id: \d+\nevent: /);

    // Reconnecting from the last complete event gets the cut one whole.
    const next = await openStream(t.sim.url, accessToken, t.sim.orgId, complete[0]!.id);
    const [again] = await next.waitFor((events) => events.length >= 1);
    const whole = `id: ${again!.id}\nevent: ${again!.event}\ndata: ${again!.data}\n\n`;
    expect(Buffer.byteLength(partial)).toBe(Math.floor(Buffer.byteLength(whole) / 2));
    expect(whole.startsWith(partial)).toBe(true);
    next.close();
    await expect.poll(async () => (await journalFor(t.sim, SSE)).map((q: any) => q.fault)).toContain(rule.id);
  });

  it('cut-stream with no afterEvents cuts the very first event; pings pass whole', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: SSE }, action: { type: 'cut-stream' }, times: 1 });
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    await stream.waitFor(() => stream.frames().length >= 2);
    expect(stream.frames().every((f) => f.event === 'ping')).toBe(true);
    await startConversation(t.sim, accessToken);
    await stream.waitForEnd();
    expect(stream.events()).toEqual([]);
    expect(stream.raw.endsWith('\n\n')).toBe(false);
  });
});

describe('probabilistic faults', () => {
  const t = useSim();

  /** `n` list calls with a fresh token; 's' for a fault served, '.' for a pass. */
  async function run(n: number): Promise<string> {
    const { accessToken } = await getGuestToken(t.sim);
    let seen = '';
    for (let i = 0; i < n; i++) {
      const r = await call(t.sim, 'GET', LIST, { token: accessToken });
      seen += r.status === 503 ? 's' : r.status === 200 ? '.' : `[${r.status}]`;
    }
    return seen;
  }

  it('serves the same faults for the same seed and request order, across a reset', async () => {
    const rule = { match: { path: LIST }, action: { type: 'status', status: 503 }, probability: 0.5, seed: 42 };
    const [added] = await addFault(t.sim, rule);
    expect(added).toMatchObject({ probability: 0.5, seed: 42, times: null, served: 0 });
    const first = await run(20);
    await call(t.sim, 'POST', '/__sim/v1/reset');
    await addFault(t.sim, rule);
    const second = await run(20);

    expect(second).toBe(first);
    const draw = seededRandom(42);
    expect(first).toBe(Array.from({ length: 20 }, () => (draw() < 0.5 ? 's' : '.')).join(''));
    expect(first).toMatch(/s/);
    expect(first).toMatch(/\./);
  });

  it('never serves with probability 0 and always with probability 1', async () => {
    const [never] = await addFault(t.sim, { match: { path: LIST }, action: { type: 'status', status: 500 }, probability: 0, seed: 1 });
    const [always] = await addFault(t.sim, { match: { path: LIST }, action: { type: 'status', status: 503 }, probability: 1 });
    expect(always.seed).toEqual(expect.any(Number));
    expect(await run(10)).toBe('s'.repeat(10));
    const rules = (await call(t.sim, 'GET', FAULTS)).body.rules;
    expect(rules.map((r: any) => [r.id, r.served])).toEqual([
      [never.id, 0],
      [always.id, 10],
    ]);
  });

  it('uses budget only for requests it serves; a pass goes on to the next rule', async () => {
    await addFault(t.sim, { match: { path: LIST }, action: { type: 'status', status: 503 }, times: 3, probability: 0.5, seed: 7 });
    const seen = await run(30);
    expect(seen.replace(/\./g, '')).toBe('sss');
    expect((await call(t.sim, 'GET', FAULTS)).body.rules[0]).toMatchObject({ served: 3, remaining: 0 });

    await call(t.sim, 'DELETE', FAULTS);
    await addFault(t.sim, { match: { path: LIST }, sequence: [{ action: { type: 'status', status: 500 }, times: 1, probability: 0 }, { action: { type: 'status', status: 503 }, times: 1 }] });
    expect(await run(2)).toBe('s.');
  });

  it('does not journal a probabilistic pass as a fault', async () => {
    const [rule] = await addFault(t.sim, { match: { path: LIST }, action: { type: 'status', status: 503 }, probability: 0.5, seed: 42 });
    const seen = await run(8);
    const faults = (await journalFor(t.sim, LIST)).map((q: any) => (q.fault === rule.id ? 's' : q.fault === undefined ? '.' : '?'));
    expect(faults.join('')).toBe(seen);
  });
});

describe('validation of the new fault fields', () => {
  const t = useSim();

  it.each([
    [{ match: { path: CREATE }, action: { type: 'status', status: 503 }, probability: 1.5 }, 'probability: must be from 0 to 1'],
    [{ match: { path: CREATE }, action: { type: 'status', status: 503 }, probability: 'half' }, 'probability: must be a number from 0 to 1'],
    [{ match: { path: CREATE }, action: { type: 'status', status: 503 }, probability: 0.5, seed: 1.5 }, 'seed: must be a whole number'],
    [{ match: { path: CREATE }, action: { type: 'status', status: 503 }, seed: 3 }, 'seed: is only used with "probability"'],
    [{ match: { path: CREATE }, sequence: [{ action: { type: 'reset' } }], probability: 0.5 }, 'probability: goes on each sequence step'],
    [{ match: { path: CREATE }, sequence: [{ action: { type: 'reset' }, seed: 2 }] }, 'sequence.0.seed: is only used with "probability"'],
    [{ match: { path: CREATE }, action: { type: 'stall-stream' } }, 'match.path: must match GET /eventrouter/v1/sse: stall-stream'],
    [{ match: { method: 'POST', path: SSE }, action: { type: 'cut-stream' } }, 'match.path: must match GET /eventrouter/v1/sse: cut-stream'],
    [{ match: { path: SSE }, action: { type: 'cut-stream', afterEvents: -1 } }, 'action.afterEvents: must not be negative'],
    [{ match: { path: CREATE }, action: { type: 'hang', ms: 5 } }, 'Unrecognized key'],
    [{ match: { path: CREATE }, action: { type: 'freeze' } }, 'action.type: must be one of status, delay, reset, reset-after, hang, drop-stream, stall-stream, cut-stream'],
  ])('refuses %j with 400 naming the field', async (body, message) => {
    const r = await call(t.sim, 'POST', FAULTS, { body });
    expect(r.status, show(r)).toBe(400);
    expect(r.body).toEqual({ code: '400', errorCode: 'INVALID_REQUEST', message: expect.stringContaining(message) });
  });
});
