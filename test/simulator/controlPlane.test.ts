import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, show, startConversation, tokenRequestBase, useSim } from '../helpers/sim.ts';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request with exactly these headers (fetch will not send a foreign Host). */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string, localAddress?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers, ...(localAddress ? { localAddress } : {}) }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed: any = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Open the live feed with these headers; resolves with the HTTP status of a refused upgrade, or 101. */
function liveStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/__sim/v1/live`, { headers });
    ws.on('open', () => (ws.close(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

const EVIL = 'http://evil.example';

describe('the control plane answers only its own pages and this machine', () => {
  const t = useSim({ corsOrigins: [EVIL], allowedHosts: ['sim.test', '*.team.example'], tlsHost: ['sim.local.salesforce-scrt.com'] });

  it('refuses another site\'s page: reads, preflights, and a text/plain POST that would reset it', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const read = await raw(t.sim.url, 'GET', '/__sim/v1/state', { origin: EVIL });
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ code: '403', errorCode: 'ORIGIN_NOT_ALLOWED' });
    expect(read.body.message).toContain('--control-origins http://evil.example');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw(t.sim.url, 'OPTIONS', '/__sim/v1/reset', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const reset = await raw(t.sim.url, 'POST', '/__sim/v1/reset', { origin: EVIL, 'content-type': 'text/plain' }, 'x');
    expect(reset.status).toBe(403);
    expect((await call(t.sim, 'GET', `/__sim/v1/conversations/${id}`)).status).toBe(200);
  });

  it('answers its own pages (same origin) and callers without an Origin', async () => {
    const own = await raw(t.sim.url, 'POST', '/__sim/v1/clock/advance', { origin: t.sim.url, host: new URL(t.sim.url).host, 'content-type': 'application/json' }, '{"ms":1}');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((await raw(t.sim.url, 'GET', '/__sim/v1/health')).status).toBe(200);
  });

  it('keeps CORS on the MIAW data plane for browser clients, and sends none on the control plane', async () => {
    const token = await raw(t.sim.url, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { origin: EVIL, 'content-type': 'application/json' }, JSON.stringify(tokenRequestBase(t.sim)));
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(token.headers['access-control-allow-origin']).toBe(EVIL);
    const preflight = await raw(t.sim.url, 'OPTIONS', '/iamessage/api/v2/conversation', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(204);
    expect((await raw(t.sim.url, 'GET', '/__sim/v1/health')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a Host it does not answer to (DNS rebinding), on every plane', async () => {
    for (const path of ['/__sim/v1/health', '/iamessage/api/v2/conversation/list', '/console/', '/']) {
      const r = await raw(t.sim.url, 'GET', path, { host: `evil.example:${t.sim.port}` });
      expect(r.status, path).toBe(403);
      expect(r.body).toMatchObject({ errorCode: 'HOST_NOT_ALLOWED' });
      expect(r.body.message).toContain('--allowed-hosts evil.example');
    }
  });

  it('answers loopback names, --allowed-hosts (with subdomain patterns) and --tls-host names', async () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'sim.test', 'a.team.example', 'sim.local.salesforce-scrt.com', 'app.localhost']) {
      const r = await raw(t.sim.url, 'GET', '/__sim/v1/health', { host: `${host}:${t.sim.port}` });
      expect(r.status, host).toBe(200);
    }
    expect((await raw(t.sim.url, 'GET', '/__sim/v1/health', { host: 'team.example' })).status).toBe(403);
  });

  it('refuses the live feed to a foreign Origin or Host, and opens it for its own pages', async () => {
    expect(await liveStatus(t.sim.url, { origin: EVIL })).toBe(403);
    expect(await liveStatus(t.sim.url, { host: 'evil.example' })).toBe(403);
    expect(await liveStatus(t.sim.url, { origin: t.sim.url })).toBe(101);
  });
});

describe('--control-origins lets a listed site\'s page in, with CORS', () => {
  const TOOL = 'http://tool.example:3000';
  const t = useSim({ controlOrigins: [TOOL] });

  it('answers its reads and preflights with CORS for that origin only', async () => {
    const read = await raw(t.sim.url, 'GET', '/__sim/v1/health', { origin: TOOL });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe(TOOL);
    const preflight = await raw(t.sim.url, 'OPTIONS', '/__sim/v1/reset', { origin: TOOL, 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(TOOL);
    expect(await liveStatus(t.sim.url, { origin: TOOL })).toBe(101);
    expect((await raw(t.sim.url, 'GET', '/__sim/v1/health', { origin: EVIL })).status).toBe(403);
  });
});

describe('listening beyond loopback', () => {
  /** An address of this machine that is not loopback: calls from it count as another machine's. */
  const outside = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;

  it('needs the control token from other machines, not from this one; the pages take it once as ?token=', async () => {
    expect(outside, 'this test needs a non-loopback IPv4 interface').toBeDefined();
    const sim = await startSimulator({ host: '0.0.0.0' });
    try {
      expect(sim.exposed?.urls).toContain(`http://${outside}:${sim.port}`);
      const token = sim.exposed!.controlToken;
      expect(token.length).toBeGreaterThanOrEqual(24);
      const base = `http://${outside}:${sim.port}`;
      const refused = await raw(base, 'GET', '/__sim/v1/state', {}, undefined, outside);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ errorCode: 'CONTROL_TOKEN_REQUIRED' });
      expect(JSON.stringify(refused.body)).not.toContain(token);
      expect((await raw(base, 'GET', '/__sim/v1/health', { 'x-miaw-sim-token': token }, undefined, outside)).status).toBe(200);
      expect((await raw(base, 'GET', '/__sim/v1/health', { 'x-miaw-sim-token': `${token}x` }, undefined, outside)).status).toBe(401);
      expect(await liveStatus(base, {})).toBe(401);
      // From this machine (loopback) no token is needed.
      expect((await raw(sim.url, 'GET', '/__sim/v1/health')).status).toBe(200);
      // The MIAW data plane stays open to other machines.
      expect((await raw(base, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { 'content-type': 'application/json' }, JSON.stringify(tokenRequestBase(sim)), outside)).status).toBe(200);
      // A browser on another machine: /console/?token= sets a same-site cookie and drops the token from the address.
      const page = await raw(base, 'GET', `/console/?token=${token}`, {}, undefined, outside);
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('/console/');
      const cookie = String(page.headers['set-cookie']).split(';')[0]!;
      expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly/i);
      expect(String(page.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
      expect((await raw(base, 'GET', '/__sim/v1/health', { cookie }, undefined, outside)).status).toBe(200);
      expect((await raw(base, 'GET', '/console/?token=wrong', {}, undefined, outside)).status).toBe(401);
    } finally {
      await sim.stop();
    }
  });

  it('is not exposed (no token, no outside URLs) on loopback', async () => {
    const sim = await startSimulator();
    try {
      expect(sim.exposed).toBeUndefined();
      const r = await call(sim, 'GET', '/__sim/v1/health');
      expect(r.status, show(r)).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
