import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { get, minted, send, type Raw, type Sent } from '../helpers/bothPaths.ts';
import { useHotLanePair } from '../helpers/hotLanePair.ts';
import { call, getGuestToken, sendMessage, startConversation } from '../helpers/sim.ts';

// The hot lane's reads, closes, token revoke and continuation, configuration reads, preflights and
// event stream against express, byte for byte, journal records included (test/helpers/hotLanePair.ts).

const { suite, same, urlOf, journaledAfter, lastSeq } = useHotLanePair();
const API = '/iamessage/api/v2';
const del = (path: string, token?: string, headers: Record<string, string> = {}): Sent => ({ ...get(path, token, headers), method: 'DELETE' });
const stream = (token?: string, headers: Record<string, string> = {}): Sent => get('/eventrouter/v1/sse', token, { 'x-org-id': suite.sim.orgId, ...headers });

/** One conversation per target (for what changes it), each with a message, and the ids swapped for a placeholder when compared. */
async function conversationPerTarget(token: string) {
  const ids = { express: await startConversation(suite.sim, token), hot: await startConversation(suite.sim, token) };
  for (const id of Object.values(ids)) await sendMessage(suite.sim, token, id, 'hello');
  return { ids, normalise: (text: string) => minted(text.replaceAll(ids.express, '<conversation>').replaceAll(ids.hot, '<conversation>')) };
}

/** Opens an event stream; resolves once its head has come, with the whole answer once it ends. */
function openStream(base: string, req: Sent): Promise<{ ended: Promise<Raw> }> {
  return new Promise((resolve, reject) => {
    const r = request(`${base}${req.path}`, { headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const headers = res.rawHeaders.map((v, i) => (i % 2 === 1 && res.rawHeaders[i - 1]!.toLowerCase() === 'date' ? '<date>' : v));
      resolve({ ended: new Promise((done) => res.on('end', () => done({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('latin1') }))) });
    });
    r.on('error', reject);
    r.end();
  });
}

describe('the hot lane serves the reads, closes and streams as express does', () => {
  it('lists entries and conversations, reads routing status, configuration and business hours, mints a continuation token', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    for (const text of ['one', 'two', 'three']) await sendMessage(sim, accessToken, conversationId, text);
    const entries = `${API}/conversation/${conversationId}/entries`;
    for (const query of ['', '?limit=2&direction=FromStart', '?entryTypeFilter=Message%2CRoutingResult&limit=50', '?startTimestamp=0&endTimestamp=99999999999999']) {
      expect((await same(get(`${entries}${query}`, accessToken))).status).toBe(200);
    }
    expect((await same(get(`${API}/conversation/${conversationId}`, accessToken))).status).toBe(200);
    expect((await same(get(`${API}/conversation/list?inclClosedConvs=true`, accessToken))).status).toBe(200);
    expect((await same(get(`${API}/authorization/continuation-access-token`, accessToken), minted)).status).toBe(200);
    const named = `orgId=${sim.orgId}&esConfigName=${sim.esDeveloperName}`;
    expect((await same(get(`/embeddedservice/v1/embedded-service-config?${named}`, undefined, { origin: 'http://localhost:3000' }))).status).toBe(200);
    expect((await same(get(`/embeddedservice/v1/businesshours?${named}`))).status).toBe(200);
  });

  it('closes a conversation, ends a session and revokes a token (one of each per path)', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const closing = await conversationPerTarget(accessToken);
    const query = `?esDeveloperName=${sim.esDeveloperName}`;
    expect((await same((t) => del(`${API}/conversation/${closing.ids[t]}${query}`, accessToken), closing.normalise)).status).toBe(204);
    const ending = await conversationPerTarget(accessToken);
    expect((await same((t) => del(`${API}/conversation/${ending.ids[t]}/session${query}`, accessToken), ending.normalise)).status).toBe(204);
    const tokens = { express: (await getGuestToken(sim)).accessToken, hot: (await getGuestToken(sim)).accessToken };
    expect((await same((t) => del(`${API}/authorization/authenticated/access-token`, tokens[t]), minted)).status).toBe(204);
    expect((await same((t) => get(`${API}/conversation/list`, tokens[t]))).status).toBe(401);
  });

  it('refuses in the API shape: token, conversation, query, host, headers', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const entries = `${API}/conversation/${conversationId}/entries`;
    const cases: Array<[Sent, number]> = [
      [get(entries), 401],
      [get(entries, 'not-a-token'), 401],
      [get(`${API}/conversation/${crypto.randomUUID()}/entries`, accessToken), 404],
      [get(`${API}/conversation/NOT-A-UUID/entries`, accessToken), 400],
      [get(`${API}/conversation/list/entries`, accessToken), 400],
      [get(`${entries}?limit=abc`, accessToken), 400],
      [get(`${entries}?direction=Sideways`, accessToken), 400],
      [get(`${entries}?limit=1&limit=2`, accessToken), 400],
      [get(`${entries}?__proto__=1&constructor=2`, accessToken), 200],
      [get(entries, accessToken, { host: 'evil.example', origin: 'http://localhost:3000' }), 403],
      [get(`${API}/conversation/list?inclClosedConvs=maybe`, accessToken), 400],
      [get(`${API}/conversation/${crypto.randomUUID()}`, accessToken), 404],
      [del(`${API}/conversation/${conversationId}`, accessToken), 400],
      [del(`${API}/conversation/${conversationId}?esDeveloperName=Other`, accessToken), 400],
      [del(`${API}/conversation/${crypto.randomUUID()}?esDeveloperName=${sim.esDeveloperName}`, accessToken), 404],
      [del(`${API}/conversation/${conversationId}/session`, accessToken), 400],
      [del(`${API}/authorization/authenticated/access-token`, 'not-a-token'), 401],
      [get(`${API}/authorization/continuation-access-token`), 401],
      [get(`/embeddedservice/v1/embedded-service-config?orgId=${sim.orgId}`), 400],
      [get(`/embeddedservice/v1/embedded-service-config?orgId=${sim.orgId}&esConfigName=Nope`), 400],
      [get(`/embeddedservice/v1/businesshours?orgId=nope&esConfigName=${sim.esDeveloperName}`), 400],
      [stream(accessToken, { 'x-org-id': '' }), 400],
      [stream(accessToken, { 'x-org-id': '00D000000000001' }), 403],
      [stream('not-a-token'), 401],
      [stream(accessToken, { host: 'evil.example' }), 403],
    ];
    for (const [req, status] of cases) expect((await same(req)).status, `${req.method} ${req.path}`).toBe(status);
  });

  it('answers preflights as the CORS middleware does, the Host check first', async () => {
    const { sim } = suite;
    const preflight = (path: string, headers: Record<string, string> = {}): Sent => ({ method: 'OPTIONS', path, headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET', ...headers } });
    const cases: Array<[Sent, number]> = [
      [preflight(`${API}/conversation/${crypto.randomUUID()}/entries?limit=5`, { 'access-control-request-headers': 'authorization, x-custom' }), 204],
      [preflight('/eventrouter/v1/sse', { origin: 'https://elsewhere.example' }), 204],
      [preflight(`${API}/conversation`), 204],
      [preflight(`/embeddedservice/v1/embedded-service-config?orgId=${sim.orgId}`, { host: 'evil.example' }), 403],
    ];
    for (const [req, status] of cases) expect((await same(req)).status, `${req.method} ${req.path}`).toBe(status);
  });

  it('applies fault rules as express does: a status on a read, a delay on a close, a dropped stream', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const entries = `${API}/conversation/${conversationId}/entries`;
    const fault = (match: object, action: object) => call(sim, 'POST', '/__sim/v1/faults', { body: { match, action, times: 2 } });
    expect((await fault({ method: 'GET', path: entries }, { type: 'status', status: 503, retryAfterSeconds: 3 })).status).toBe(201);
    const faulted = await same(get(`${entries}?limit=1`, accessToken));
    expect(faulted.status).toBe(503);
    expect(faulted.headers).toContain('Retry-After');
    const closing = await conversationPerTarget(accessToken);
    expect((await fault({ method: 'DELETE', path: `${API}/conversation/*` }, { type: 'delay', ms: 5 })).status).toBe(201);
    expect((await same((t) => del(`${API}/conversation/${closing.ids[t]}?esDeveloperName=${sim.esDeveloperName}`, accessToken), closing.normalise)).status).toBe(204);
    // A stream that replays what was retained, then is ended by the rule after one event.
    expect((await fault({ path: '/eventrouter/v1/sse' }, { type: 'drop-stream', afterEvents: 1 })).status).toBe(201);
    const dropped = await same(stream(accessToken, { 'last-event-id': '0' }));
    expect(dropped.body).toContain('event: ');
  });

  it('streams events as express does: head, replayed frames, the end when the token is revoked, the journal record', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    await sendMessage(sim, accessToken, await startConversation(sim, accessToken), 'replayed');
    const before = lastSeq();
    const req = stream(accessToken, { 'last-event-id': '0', origin: 'http://localhost:3000' });
    const viaExpress = await openStream(urlOf('express'), req);
    const viaHot = await openStream(urlOf('hot'), req);
    expect((await call(sim, 'DELETE', `${API}/authorization/authenticated/access-token`, { token: accessToken })).status).toBe(204);
    const [a, b] = await Promise.all([viaExpress.ended, viaHot.ended]);
    expect(b).toEqual(a);
    expect(a.status).toBe(200);
    expect(a.body).toContain('CONVERSATION_MESSAGE');
    await journaledAfter(before + 2);
    const records = suite.ctx.store.journal.list().filter((r) => r.seq > before && r.path === '/eventrouter/v1/sse');
    const comparable = records.map(({ seq: _s, durationMs: _d, ...record }) => record);
    expect(comparable).toHaveLength(2);
    expect(comparable[1]).toEqual(comparable[0]);
  });

  it('leaves other shapes to express: HEAD, conditional GETs, bodies, odd spellings, the transcript', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const entries = `${API}/conversation/${conversationId}/entries`;
    const declined: Sent[] = [
      { ...get(entries, accessToken), method: 'HEAD' },
      get(entries, accessToken, { 'if-none-match': '*' }),
      get(entries, accessToken, { 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
      { ...get(entries, accessToken, { 'content-type': 'application/json' }), body: '{"limit":1}' },
      { ...del(`${API}/conversation/${conversationId}`, accessToken, { 'content-type': 'application/json; charset=latin1' }), body: '' },
      { ...get(`${API}/conversation/list`, accessToken, { 'transfer-encoding': 'chunked' }), body: '' },
      get(`${entries}/`, accessToken),
      get(`${API}/Conversation/${conversationId}/entries`, accessToken),
      get(`${API}/conversation/${conversationId}%2Fx/entries`, accessToken),
      get(`${API}/conversation/${conversationId}/transcript?esDeveloperName=${sim.esDeveloperName}`, accessToken),
      { method: 'OPTIONS', path: `${API}/no-such-thing`, headers: { origin: 'http://localhost:3000' } },
    ];
    for (const req of declined) {
      expect((await send(urlOf('hot'), req)).status, `${req.method} ${req.path} ${JSON.stringify(req.headers)}`).toBe(599);
      // The simulator, which hands what the hot lane declines to the express path, still answers as express.
      await same(req, undefined, 'full');
    }
  });
});
