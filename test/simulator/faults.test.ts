import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const FAULTS = '/__sim/v1/faults';
const CREATE = '/iamessage/api/v2/conversation';
const ORIGIN = 'https://app.example';

async function addFault(sim: RunningSimulator, body: unknown): Promise<any[]> {
  const r = await call(sim, 'POST', FAULTS, { body });
  if (r.status !== 201) throw new Error(`add fault: ${show(r)}`);
  return r.body.rules;
}

const listFaults = async (sim: RunningSimulator) => (await call(sim, 'GET', FAULTS)).body.rules;
const conversationIds = async (sim: RunningSimulator) => (await call(sim, 'GET', '/__sim/v1/conversations')).body.conversations.map((c: any) => c.conversationId);

/** POST /conversation with a fresh id; answers the id with the response. */
async function createConversation(sim: RunningSimulator, token: string, headers: Record<string, string> = {}) {
  const conversationId = crypto.randomUUID();
  const r = await call(sim, 'POST', CREATE, { token, headers, body: { conversationId, esDeveloperName: sim.esDeveloperName } });
  return { conversationId, r };
}

/** The same request over plain fetch, for faults that leave no response to read. */
const rawCreate = (sim: RunningSimulator, token: string, conversationId: string) =>
  fetch(sim.url + CREATE, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId, esDeveloperName: sim.esDeveloperName }),
  });

describe('faults /__sim/v1/faults', () => {
  const t = useSim();

  it('answers 503 twice, then lets the third call through; served counts show it', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const [rule] = await addFault(t.sim, { match: { method: 'POST', path: CREATE }, sequence: [{ action: { type: 'status', status: 503 }, times: 2 }] });
    expect(rule).toMatchObject({ id: expect.any(String), times: 2, served: 0, remaining: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await createConversation(t.sim, accessToken)).r.status);
    expect(statuses).toEqual([503, 503, 201]);
    expect(await conversationIds(t.sim)).toHaveLength(1);
    expect(await listFaults(t.sim)).toEqual([expect.objectContaining({ id: rule.id, served: 2, remaining: 0 })]);
  });

  it('serves sequence steps in order, each with its own budget', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const rules = await addFault(t.sim, {
      match: { path: CREATE },
      sequence: [{ action: { type: 'status', status: 500 }, times: 1 }, { action: { type: 'status', status: 429 }, times: 2 }],
    });
    expect(rules.map((r) => r.times)).toEqual([1, 2]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await createConversation(t.sim, accessToken)).r.status);
    expect(statuses).toEqual([500, 429, 429, 201]);
  });

  it('answers a status fault in the API error shape, with Retry-After and CORS headers, without running the handler', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const [rule] = await addFault(t.sim, { match: { path: CREATE }, action: { type: 'status', status: 429, retryAfterSeconds: 7 }, times: 1 });
    const { r } = await createConversation(t.sim, accessToken, { origin: ORIGIN });
    expect(r.status, show(r)).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.body).toEqual({ code: '429', errorCode: 'SIMULATED_FAULT', message: expect.stringContaining(`rule ${rule.id}`) });
    expect(r.body.message).toMatch(/^\[miaw-sim\] Simulated fault/);
    expect(await conversationIds(t.sim)).toEqual([]);
  });

  it('uses the rule message when one is given and sends no Retry-After without retryAfterSeconds', async () => {
    await addFault(t.sim, { match: { path: '/iamessage/api/v2/authorization/unauthenticated/access-token' }, action: { type: 'status', status: 500, message: 'token service down' } });
    const r = await call(t.sim, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { body: {} });
    expect(r.status, show(r)).toBe(500);
    expect(r.body.message).toContain('token service down');
    expect(r.headers.get('retry-after')).toBeNull();
  });

  it('delays a request, which then succeeds', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: CREATE }, action: { type: 'delay', ms: 300 } });
    const started = performance.now();
    const { r } = await createConversation(t.sim, accessToken);
    expect(r.status, show(r)).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('reset destroys the connection before the handler runs: the call fails and nothing is stored', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: CREATE }, action: { type: 'reset' }, times: 1 });
    await expect(rawCreate(t.sim, accessToken, crypto.randomUUID())).rejects.toThrow();
    expect(await conversationIds(t.sim)).toEqual([]);
    expect((await createConversation(t.sim, accessToken)).r.status).toBe(201);
  });

  it('reset-after runs the handler but loses its response: the call fails, yet the conversation is recorded', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: CREATE }, action: { type: 'reset-after' }, times: 1 });
    const conversationId = crypto.randomUUID();
    await expect(rawCreate(t.sim, accessToken, conversationId)).rejects.toThrow();
    expect(await conversationIds(t.sim)).toEqual([conversationId]);
    const retry = await rawCreate(t.sim, accessToken, conversationId);
    expect(retry.status).toBe(201);
  });

  it('drop-stream ends the event stream after exactly one more event; the next stream stays open', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: '/eventrouter/v1/sse' }, action: { type: 'drop-stream', afterEvents: 1 }, times: 1 });
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    expect(stream.status).toBe(200);
    const id = await startConversation(t.sim, accessToken);
    await stream.waitForEnd();
    expect(stream.events()).toHaveLength(1);
    expect((await sendMessage(t.sim, accessToken, id, 'after the drop')).status).toBe(202);
    await expect.poll(async () => (await call(t.sim, 'GET', '/__sim/v1/health')).body.openStreams).toBe(0);

    const next = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    await next.waitFor((f) => f.length === 2);
    next.close();
  });

  it('drop-stream with no afterEvents closes the stream right after it opens', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await startConversation(t.sim, accessToken);
    await addFault(t.sim, { match: { method: 'GET', path: '/eventrouter/*/sse' }, action: { type: 'drop-stream' } });
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    await stream.waitForEnd();
    expect(stream.status).toBe(200);
    expect(stream.events()).toEqual([]);
  });

  it('stops applying a rule once its budget is spent', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const [rule] = await addFault(t.sim, { match: { path: '/iamessage/api/v2/conversation/list' }, action: { type: 'status', status: 502 }, times: 1 });
    const list = () => call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { token: accessToken });
    expect((await list()).status).toBe(502);
    expect((await list()).status).toBe(200);
    expect(await listFaults(t.sim)).toEqual([expect.objectContaining({ id: rule.id, times: 1, served: 1, remaining: 0 })]);
  });

  it('applies only to the given method (in any case)', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { method: 'get', path: CREATE }, action: { type: 'status', status: 404 } });
    expect((await createConversation(t.sim, accessToken)).r.status).toBe(201);
    expect((await listFaults(t.sim))[0]).toMatchObject({ match: { method: 'GET' }, served: 0, times: null, remaining: null });
  });

  it('matches a * wildcard within one path segment', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await addFault(t.sim, { match: { path: '/iamessage/api/v2/conversation/*/message' }, action: { type: 'status', status: 504 } });
    await addFault(t.sim, { match: { path: '/iamessage/*' }, action: { type: 'status', status: 403 } });
    const id = await startConversation(t.sim, accessToken);
    expect((await sendMessage(t.sim, accessToken, id, 'hello')).status).toBe(504);
    const entries = await call(t.sim, 'GET', `/iamessage/api/v2/conversation/${id}/entries`, { token: accessToken });
    expect(entries.status, show(entries)).toBe(200);
  });

  it('never applies to /__sim paths', async () => {
    await addFault(t.sim, { match: { path: '/*/v1/health' }, action: { type: 'status', status: 503 } });
    expect((await call(t.sim, 'GET', '/__sim/v1/health')).status).toBe(200);
  });

  it('removes one rule (404 when unknown), all rules, and is cleared by reset', async () => {
    const [first] = await addFault(t.sim, { match: { path: CREATE }, action: { type: 'reset' } });
    const [second] = await addFault(t.sim, { match: { path: CREATE }, action: { type: 'delay', ms: 1 } });
    expect((await call(t.sim, 'DELETE', `${FAULTS}/${first.id}`)).status).toBe(204);
    expect((await listFaults(t.sim)).map((r: any) => r.id)).toEqual([second.id]);
    const again = await call(t.sim, 'DELETE', `${FAULTS}/${first.id}`);
    expect(again.status, show(again)).toBe(404);
    expect(again.body.errorCode).toBe('FAULT_NOT_FOUND');

    expect((await call(t.sim, 'DELETE', FAULTS)).status).toBe(204);
    expect(await listFaults(t.sim)).toEqual([]);
    await addFault(t.sim, { match: { path: CREATE }, action: { type: 'reset' } });
    await call(t.sim, 'POST', '/__sim/v1/reset');
    expect(await listFaults(t.sim)).toEqual([]);
  });

  it.each([
    [{ match: { path: CREATE }, action: { type: 'status', status: 200 } }, 'action.status: must be one of 401, 403'],
    [{ match: { path: CREATE }, action: { type: 'explode' } }, 'action.type: must be one of status, delay, reset'],
    [{ match: { path: CREATE }, action: { type: 'delay' } }, 'action.ms: is required'],
    [{ match: { path: CREATE }, action: { type: 'reset' }, times: 0 }, 'times: must be at least 1'],
    [{ match: {}, action: { type: 'reset' } }, 'match.path: is required'],
    [{ match: { path: 'conversation' }, action: { type: 'reset' } }, 'match.path: must start with /'],
    [{ match: { path: '/__sim/v1/health' }, action: { type: 'reset' } }, 'match.path: must not be a /__sim path'],
    [{ match: { path: CREATE }, action: { type: 'drop-stream' } }, 'match.path: must match GET /eventrouter/v1/sse'],
    [{ match: { path: CREATE }, action: { type: 'reset', ms: 5 } }, 'Unrecognized key'],
    [{ match: { path: CREATE } }, 'send either "action"'],
    [{ match: { path: CREATE }, sequence: [{ action: { type: 'reset' } }, { action: { type: 'reset' } }] }, 'sequence.0.times: is required on every step but the last'],
  ])('refuses %j with 400 naming the field', async (body, message) => {
    const r = await call(t.sim, 'POST', FAULTS, { body });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(message);
    expect(await listFaults(t.sim)).toEqual([]);
  });

  it('journals every fault served with the rule id; a reset shows status 0', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const rules = await addFault(t.sim, {
      match: { path: CREATE },
      sequence: [{ action: { type: 'status', status: 503 }, times: 1 }, { action: { type: 'reset' }, times: 1 }],
    });
    await createConversation(t.sim, accessToken);
    await rawCreate(t.sim, accessToken, crypto.randomUUID()).catch(() => undefined);
    await createConversation(t.sim, accessToken);
    const records = async () => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((q: any) => q.path === CREATE);
    await expect.poll(async () => (await records()).length).toBe(3);
    expect((await records()).map((q: any) => [q.status, q.fault, q.errorCode])).toEqual([
      [503, rules[0].id, 'SIMULATED_FAULT'],
      [0, rules[1].id, undefined],
      [201, undefined, undefined],
    ]);
  });
});
