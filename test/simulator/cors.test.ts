import { describe, expect, it } from 'vitest';
import { call, getGuestToken, show, tokenRequestBase, useSim } from '../helpers/sim.ts';
import { RawSse } from '../helpers/sse.ts';

const ORIGIN = 'https://app.example';
const REQUESTED_HEADERS = 'authorization,content-type,x-org-id,last-event-id,cache-control,accept';
const listOf = (value: string | null) => (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

describe('CORS for browser clients', () => {
  const t = useSim();

  const preflightPaths = [
    { name: 'a REST path', path: '/iamessage/api/v2/conversation/list', method: 'GET' },
    { name: 'a REST DELETE path', path: `/iamessage/api/v2/conversation/${crypto.randomUUID()}?esDeveloperName=Sim_Web`, method: 'DELETE' },
    { name: 'the token endpoint', path: '/iamessage/api/v2/authorization/unauthenticated/access-token', method: 'POST' },
    { name: 'the event stream', path: '/eventrouter/v1/sse', method: 'GET' },
  ];

  it.each(preflightPaths)('answers a preflight on $name with 204 and the origin, methods and headers the sample app needs', async ({ path, method }) => {
    const r = await call(t.sim, 'OPTIONS', path, {
      headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': REQUESTED_HEADERS },
    });
    expect(r.status, show(r)).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(listOf(r.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(listOf(r.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(listOf(REQUESTED_HEADERS)));
    expect(listOf(r.headers.get('vary'))).toContain('origin');
  });

  it('lists the six headers even when the preflight does not name them', async () => {
    const r = await call(t.sim, 'OPTIONS', '/eventrouter/v1/sse', { headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    expect(r.status, show(r)).toBe(204);
    expect(listOf(r.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(listOf(REQUESTED_HEADERS)));
  });

  it('does not record preflights in the journal', async () => {
    await call(t.sim, 'OPTIONS', '/iamessage/api/v2/conversation/list', { headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    const journal = await call(t.sim, 'GET', '/__sim/v1/journal');
    expect(journal.body.requests.filter((q: any) => q.method === 'OPTIONS')).toEqual([]);
  });

  it('sends no CORS headers outside the data plane: an unknown path and the control API are not for other sites', async () => {
    for (const path of ['/no-such-path', '/__sim/v1/state']) {
      const r = await call(t.sim, 'GET', path, { headers: { origin: ORIGIN } });
      expect(r.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('echoes the origin on a successful response', async () => {
    const r = await call(t.sim, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { body: tokenRequestBase(t.sim), headers: { origin: ORIGIN } });
    expect(r.status, show(r)).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  const errors = [
    { name: '401 (no bearer token)', path: '/iamessage/api/v2/conversation/list', status: 401 },
    { name: '404 (unknown data-plane path)', path: '/embeddedservice/v1/no-such-path', status: 404 },
    { name: '401 on the event stream', path: '/eventrouter/v1/sse', status: 401 },
  ];

  it.each(errors)('echoes the origin on an error response: $name', async ({ path, status }) => {
    const r = await call(t.sim, 'GET', path, { headers: { origin: ORIGIN } });
    expect(r.status, show(r)).toBe(status);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.body.errorCode, show(r)).toEqual(expect.any(String));
  });

  it('echoes the origin on the event stream response', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const stream = await RawSse.open(`${t.sim.url}/eventrouter/v1/sse`, { origin: ORIGIN, authorization: `Bearer ${accessToken}`, 'x-org-id': t.sim.orgId });
    stream.close();
    expect(stream.status, `${stream.status} ${stream.raw}`).toBe(200);
    expect(stream.headers['access-control-allow-origin']).toBe(ORIGIN);
  });
});

describe('CORS with an allowlist', () => {
  const t = useSim({ corsOrigins: ['https://allowed.example'] });

  it('echoes an allowed origin on preflight and response', async () => {
    const pre = await call(t.sim, 'OPTIONS', '/iamessage/api/v2/conversation/list', {
      headers: { origin: 'https://allowed.example', 'access-control-request-method': 'GET', 'access-control-request-headers': REQUESTED_HEADERS },
    });
    const r = await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { headers: { origin: 'https://allowed.example' } });
    expect(pre.status, show(pre)).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect(r.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
  });

  it('gives another origin no Access-Control-Allow-Origin, on preflight, response or stream', async () => {
    const other = 'https://evil.example';
    const pre = await call(t.sim, 'OPTIONS', '/eventrouter/v1/sse', {
      headers: { origin: other, 'access-control-request-method': 'GET', 'access-control-request-headers': REQUESTED_HEADERS },
    });
    const token = await call(t.sim, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { body: tokenRequestBase(t.sim), headers: { origin: other } });
    const error = await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { headers: { origin: other } });
    const stream = await RawSse.open(`${t.sim.url}/eventrouter/v1/sse`, { origin: other, authorization: `Bearer ${token.body.accessToken}`, 'x-org-id': t.sim.orgId });
    stream.close();

    expect(pre.status, show(pre)).toBe(204);
    expect(token.status, show(token)).toBe(200);
    expect(error.status, show(error)).toBe(401);
    expect(stream.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
    expect(error.headers.get('access-control-allow-origin')).toBeNull();
    expect(stream.headers['access-control-allow-origin']).toBeUndefined();
  });
});
