import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, show, useSim, type ApiResponse } from '../helpers/sim.ts';
import { exchangeFor, keysetWithDeployment, newSigner, startJwksServer, type JwksServer, type Signer } from '../helpers/identityKeys.ts';

function expectRefused(r: ApiResponse, errorCode: string, message: RegExp) {
  expect(r.status, show(r)).toBe(401);
  expect(r.body, show(r)).toMatchObject({ code: '401', errorCode });
  expect(r.body.message, show(r)).toMatch(message);
}

/** A port on 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('keysets whose keys come from a JWKS URL', () => {
  const t = useSim({ jwksTimeoutMs: 2_000, jwksMaxBytes: 16 * 1024 });
  let jwks: JwksServer;
  let signer: Signer;
  beforeAll(async () => {
    jwks = await startJwksServer();
    signer = await newSigner();
  });
  afterAll(async () => {
    await jwks.close();
  });

  it('verifies RS256 and RS512 tokens with a published key, fetching the set once', async () => {
    jwks.serve([signer.jwk('idp-1')]);
    const before = jwks.hits;
    const { deployment, issuer, keyset } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });
    for (const alg of ['RS256', 'RS512'] as const) {
      const r = await exchangeFor(t.sim, deployment, await signer.sign('idp-1', issuer, { alg, sub: `user-${alg}` }));
      expect(r.status, show(r)).toBe(200);
      expect(r.body.context.endUser.subject).toBe(`v2/iamessage/AUTH/${keyset}/uid:user-${alg}`);
    }
    expect(jwks.hits - before).toBe(1);
  });

  it('fetches again on an unknown kid, at most once per interval however many unknown kids arrive', async () => {
    jwks.serve([signer.jwk('idp-1')]);
    const { deployment, issuer } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });
    const start = jwks.hits;
    expect((await exchangeFor(t.sim, deployment, await signer.sign('idp-1', issuer))).status).toBe(200);
    expect(jwks.hits - start).toBe(1);

    // The key is rotated at the endpoint: the first token with the new kid makes the simulator fetch again.
    jwks.serve([signer.jwk('idp-2')]);
    const later = await newSigner();
    const rotated = await exchangeFor(t.sim, deployment, await signer.sign('idp-2', issuer));
    expect(rotated.status, show(rotated)).toBe(200);
    expect(jwks.hits - start).toBe(2);

    // A flood of made-up kids right after: refused, and the endpoint is not asked again.
    for (let i = 0; i < 15; i++) {
      const r = await exchangeFor(t.sim, deployment, await later.sign(`made-up-${i}`, issuer));
      expectRefused(r, 'IDENTITY_TOKEN_KID_UNKNOWN', new RegExp(`JWKS at http://127\\.0\\.0\\.1:\\d+/\\.well-known/jwks\\.json has no RSA signing key with kid "made-up-${i}".*"idp-2".*at most every 30 s`));
    }
    expect(jwks.hits - start).toBe(2);

    // Once the interval has passed (simulated time), an unknown kid is looked up again.
    jwks.serve([signer.jwk('idp-2'), later.jwk('idp-3')]);
    expect((await exchangeFor(t.sim, deployment, await later.sign('idp-3', issuer))).status).toBe(401);
    await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { seconds: 31 } });
    const ok = await exchangeFor(t.sim, deployment, await later.sign('idp-3', issuer));
    expect(ok.status, show(ok)).toBe(200);
    expect(jwks.hits - start).toBe(3);
  });

  it('uses a published key only for the alg it declares', async () => {
    jwks.serve([signer.jwk('idp-256', { alg: 'RS256', use: 'sig' })]);
    const { deployment, issuer } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });
    expect((await exchangeFor(t.sim, deployment, await signer.sign('idp-256', issuer))).status).toBe(200);
    const r = await exchangeFor(t.sim, deployment, await signer.sign('idp-256', issuer, { alg: 'RS512' }));
    expectRefused(r, 'IDENTITY_TOKEN_KID_UNKNOWN', /no RSA signing key with kid "idp-256" for RS512/);
  });

  const failures: Array<{ name: string; respond: (res: import('node:http').ServerResponse) => void; errorCode: string; message: RegExp }> = [
    { name: 'an HTTP error', respond: (res) => res.writeHead(503).end('down'), errorCode: 'JWKS_HTTP_ERROR', message: /answered HTTP 503 instead of 200/ },
    { name: 'a redirect', respond: (res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end(), errorCode: 'JWKS_HTTP_ERROR', message: /answered HTTP 302.*redirects are not followed/ },
    { name: 'an answer that is not JSON', respond: (res) => res.end('<html>login</html>'), errorCode: 'JWKS_NOT_JSON', message: /did not answer JSON \(it began "<html>login<\/html>"\)/ },
    { name: 'JSON that is not a key set', respond: (res) => res.end('{"keys":"none"}'), errorCode: 'JWKS_INVALID', message: /not a JSON Web Key Set/ },
    { name: 'an answer over the size cap', respond: (res) => res.end(JSON.stringify({ keys: [], pad: 'x'.repeat(20_000) })), errorCode: 'JWKS_TOO_LARGE', message: /answered (more than )?\d+ bytes; at most/ },
    { name: 'an answer without a length that never ends', respond: (res) => void res.write(`{"keys":[${'{"kty":"RSA"},'.repeat(2_000)}`), errorCode: 'JWKS_TOO_LARGE', message: /answered more than 16384 bytes/ },
    { name: 'no answer at all', respond: () => undefined, errorCode: 'JWKS_TIMEOUT', message: /did not answer within 2000 ms/ },
  ];

  it.each(failures)('names $name in the 401 and the journal, and does not ask again within the interval', async ({ respond, errorCode, message }) => {
    jwks.respond((_req, res) => respond(res));
    const { deployment, issuer, keyset } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });
    const start = jwks.hits;
    const token = await signer.sign('idp-1', issuer);
    const r = await exchangeFor(t.sim, deployment, token);
    expectRefused(r, errorCode, message);
    expect(r.body.message).toContain(`keyset "${keyset}" takes its keys from a JWKS URL`);
    expect(r.text).not.toContain(token.split('.')[2]);

    const again = await exchangeFor(t.sim, deployment, token);
    expectRefused(again, errorCode, message);
    expect(jwks.hits - start).toBe(1);

    const journal = await call(t.sim, 'GET', '/__sim/v1/journal?limit=5');
    const entry = journal.body.requests.find((q: { path: string }) => q.path.endsWith('/authenticated/access-token'));
    expect(entry, show(journal)).toMatchObject({ status: 401, errorCode });
    const health = await call(t.sim, 'GET', '/__sim/v1/health');
    expect(health.status).toBe(200);
  });

  it('names an unreachable URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/jwks`;
    const { deployment, issuer } = await keysetWithDeployment(t.sim, { jwksUrl: url });
    const r = await exchangeFor(t.sim, deployment, await signer.sign('idp-1', issuer));
    expectRefused(r, 'JWKS_UNREACHABLE', /JWKS at http:\/\/127\.0\.0\.1:\d+\/jwks could not be reached \(ECONNREFUSED\)/);
  });

  it('checks the URL and keeps keys out of a JWKS keyset', async () => {
    const bad = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/keysets`, { body: { name: 'Bad_Url', issuer: 'x', jwksUrl: 'ftp://idp.test/jwks' } });
    expect(bad.status, show(bad)).toBe(400);
    expect(bad.body.message).toMatch(/jwksUrl: must be an http:\/\/ or https:\/\/ URL/);
    const secret = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/keysets`, { body: { name: 'Bad_Url2', issuer: 'x', jwksUrl: 'https://user:hunter2@idp.test/jwks' } });
    expect(secret.status, show(secret)).toBe(400);
    expect(secret.text).not.toContain('hunter2');

    const { keyset } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });
    const listed = await call(t.sim, 'GET', `/__sim/v1/orgs/${t.sim.orgId}/keysets`);
    expect(listed.body.keysets.find((k: { name: string }) => k.name === keyset)).toMatchObject({ jwksUrl: jwks.url, requireX5c: false, keys: [] });
    const added = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/keysets/${keyset}/keys`, { body: { pem: signer.pair.publicKeyPem } });
    expect(added.status, show(added)).toBe(409);
    expect(added.body.errorCode).toBe('KEYSET_USES_JWKS_URL');
  });

  it('keeps a jwksUrl query (it may carry an access key) out of the journal and the keyset view; verification still uses it whole', async () => {
    const withKey = `${jwks.url}?api_key=s3cr3t-q`;
    const { keyset, deployment, issuer } = await keysetWithDeployment(t.sim, { jwksUrl: withKey });
    const journal = await call(t.sim, 'GET', '/__sim/v1/journal');
    expect(journal.text).not.toContain('s3cr3t-q');
    expect(journal.body.requests.some((r: any) => r.request.body?.jwksUrl === `${jwks.url}?…`)).toBe(true);
    const listed = await call(t.sim, 'GET', `/__sim/v1/orgs/${t.sim.orgId}/keysets`);
    expect(listed.text).not.toContain('s3cr3t-q');
    expect(listed.body.keysets.find((k: { name: string }) => k.name === keyset).jwksUrl).toBe(`${jwks.url}?…`);
    const asked: string[] = [];
    const keys = JSON.stringify({ keys: [signer.jwk('idp-1')] });
    jwks.respond((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(keys);
    });
    const r = await exchangeFor(t.sim, deployment, await signer.sign('idp-1', issuer));
    expect(r.status, show(r)).toBe(200);
    expect(asked.at(-1)).toContain('api_key=s3cr3t-q');
  });

  it('keeps jwksUrl and requireX5c through a state export and import', async () => {
    const { keyset } = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url, requireX5c: true });
    const state = await call(t.sim, 'GET', '/__sim/v1/state');
    const exported = state.body.keysets.find((k: { name: string }) => k.name === keyset);
    expect(exported).toMatchObject({ jwksUrl: jwks.url, requireX5c: true });

    const { startSimulator } = await import('../../simulator/index.ts');
    const again = await startSimulator({ port: 0, state: state.body, log: () => undefined });
    try {
      const listed = await call(again, 'GET', `/__sim/v1/orgs/${again.orgId}/keysets`);
      expect(listed.body.keysets.find((k: { name: string }) => k.name === keyset)).toMatchObject({ jwksUrl: jwks.url, requireX5c: true });
    } finally {
      await again.stop();
    }
  });
});
