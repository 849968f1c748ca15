import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { tlsSetup } from '../../simulator/server/tls.ts';
import { tmp } from '../helpers/cli.ts';
import { openLive } from '../helpers/live.ts';

/** GET over HTTPS trusting `ca`, presenting `servername` (SNI + host name check) while connecting to 127.0.0.1. */
function httpsGet(url: string, options: { ca?: string; servername?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: options.ca, servername: options.servername, headers: options.servername ? { host: options.servername } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('--tls: HTTPS with a generated certificate', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ tls: true, tlsHost: ['sim.local.salesforce-scrt.com', '*.team.salesforce-scrt.com'], log: () => undefined });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('serves the MIAW and control APIs over https to a client that trusts the certificate', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsGet(`${sim.url}/__sim/v1/health`, { ca: sim.certificatePem });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).status).toBe('ok');
  });

  it('is valid for localhost, 127.0.0.1 and the --tls-host names (wildcards too), not for others', async () => {
    const names = new X509Certificate(sim.certificatePem!).subjectAltName;
    expect(names).toContain('DNS:localhost');
    expect(names).toContain('IP Address:127.0.0.1');
    for (const servername of ['sim.local.salesforce-scrt.com', 'acme.team.salesforce-scrt.com', 'localhost']) {
      expect((await httpsGet(`${sim.url}/__sim/v1/health`, { ca: sim.certificatePem, servername })).status).toBe(200);
    }
    await expect(httpsGet(`${sim.url}/__sim/v1/health`, { ca: sim.certificatePem, servername: 'acme.my.salesforce-scrt.com' })).rejects.toThrow(/altnames|Hostname/i);
  });

  it('is refused by a client that was not told to trust it (self-signed)', async () => {
    await expect(httpsGet(`${sim.url}/__sim/v1/health`)).rejects.toThrow(/self.signed/i);
  });

  it('carries the live feed over wss', async () => {
    const feed = await openLive(sim.url, { ca: sim.certificatePem });
    expect(feed.messages[0]).toEqual({ type: 'hello', version: 1 });
    feed.close();
  });

  it('runs widget handoffs (the in-process client reaches the simulator over loopback)', async () => {
    const post = await fetchJson(sim, '/__sim/v1/widget/handoffs', { channel: 'sms', customerName: 'Kim', history: [] });
    for (let i = 0; i < 100; i++) {
      const view = JSON.parse((await httpsGet(`${sim.url}/__sim/v1/widget/handoffs/${post.id}`, { ca: sim.certificatePem })).body);
      if (view.status === 'live') return expect(view.routingAttributes.Channel).toBe('SMS');
      if (view.status === 'failed') throw new Error(JSON.stringify(view.error));
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('widget handoff never went live over TLS');
  });
});

/** POST JSON over HTTPS trusting the simulator's certificate. */
function fetchJson(sim: RunningSimulator, path: string, body: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { method: 'POST', ca: sim.certificatePem, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('tlsSetup', () => {
  it('keeps a generated certificate in the data dir (key 0600) and reuses it while it covers the names', async () => {
    const dir = tmp();
    const first = await tlsSetup({ hosts: ['sim.local.salesforce-scrt.com'], dataDir: dir });
    expect(first.generated).toBe(true);
    expect(first.certFile).toBe(join(dir, 'tls-cert.pem'));
    expect(statSync(join(dir, 'tls-key.pem')).mode & 0o777).toBe(0o600);
    const again = await tlsSetup({ hosts: ['SIM.local.salesforce-scrt.com'], dataDir: dir });
    expect(again).toMatchObject({ generated: false, cert: first.cert });
    const widened = await tlsSetup({ hosts: ['other.local.salesforce-scrt.com'], dataDir: dir });
    expect(widened.generated).toBe(true);
    expect(readFileSync(join(dir, 'tls-cert.pem'), 'utf8')).toBe(widened.cert);
  });

  it('serves --cert/--key files, refusing a key that is not the certificate\'s, or one without the other', async () => {
    const dir = tmp();
    const a = await tlsSetup({ hosts: [] });
    const b = await tlsSetup({ hosts: [] });
    writeFileSync(join(dir, 'a.pem'), a.cert);
    writeFileSync(join(dir, 'a.key'), a.key);
    writeFileSync(join(dir, 'b.key'), b.key);
    expect(await tlsSetup({ hosts: [], certFile: join(dir, 'a.pem'), keyFile: join(dir, 'a.key') })).toMatchObject({ cert: a.cert, generated: false });
    await expect(tlsSetup({ hosts: [], certFile: join(dir, 'a.pem'), keyFile: join(dir, 'b.key') })).rejects.toThrow(/b\.key is not the private key of the certificate/);
    await expect(tlsSetup({ hosts: [], certFile: join(dir, 'a.pem') })).rejects.toThrow(/--cert and --key go together/);
    await expect(tlsSetup({ hosts: [], certFile: join(dir, 'nope.pem'), keyFile: join(dir, 'a.key') })).rejects.toThrow(/Cannot read the certificate file/);
  });
});
