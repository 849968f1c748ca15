import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../simulator/config/loadConfig.ts';
import { call, show, useSim, type ApiResponse } from '../helpers/sim.ts';
import { certificateOf, exchangeFor, keysetWithDeployment, newSigner, startJwksServer, type JwksServer, type Signer } from '../helpers/identityKeys.ts';
import { tempDir } from '../helpers/tempDir.ts';

const registerKey = (t: { sim: import('../../simulator/index.ts').RunningSimulator }, keyset: string, body: unknown) =>
  call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/keysets/${keyset}/keys`, { body });

function expectX5cRefusal(r: ApiResponse, message: RegExp) {
  expect(r.status, show(r)).toBe(400);
  expect(r.body, show(r)).toMatchObject({ code: '400', errorCode: 'X5C_REQUIRED' });
  expect(r.body.message, show(r)).toMatch(/Invalid request body: jwk\.x5c: keyset "Test_Keys_\d+" requires an x5c certificate/);
  expect(r.body.message, show(r)).toMatch(message);
}

describe('requireX5c: keys must carry a certificate of themselves', () => {
  const t = useSim();
  let signer: Signer;
  let other: Signer;
  let cert: string;
  let jwks: JwksServer;
  beforeAll(async () => {
    [signer, other] = await Promise.all([newSigner(), newSigner()]);
    cert = await certificateOf(signer);
    jwks = await startJwksServer();
  });
  afterAll(async () => {
    await jwks.close();
  });

  it('refuses to register a key without a matching certificate valid 10 more days, as Salesforce Setup does', async () => {
    const { keyset } = await keysetWithDeployment(t.sim, { requireX5c: true });
    expectX5cRefusal(await registerKey(t, keyset, { pem: signer.pair.publicKeyPem }), /has no "x5c" certificate/);
    expectX5cRefusal(await registerKey(t, keyset, { jwk: signer.jwk('k1') }), /has no "x5c" certificate/);
    expectX5cRefusal(await registerKey(t, keyset, { jwk: signer.jwk('k1', { x5c: ['bm90IGEgY2VydA=='] }) }), /first entry is not a base64 DER X\.509 certificate/);
    expectX5cRefusal(await registerKey(t, keyset, { jwk: signer.jwk('k1', { x5c: [await certificateOf(other)] }) }), /certificate whose public key is not this key/);
    expectX5cRefusal(await registerKey(t, keyset, { jwk: signer.jwk('k1', { x5c: [await certificateOf(signer, 5)] }) }), /valid until .*at least 10 more days/);

    const listed = await call(t.sim, 'GET', `/__sim/v1/orgs/${t.sim.orgId}/keysets`);
    expect(listed.body.keysets.find((k: { name: string }) => k.name === keyset)).toMatchObject({ requireX5c: true, keys: [] });
  });

  it('verifies tokens signed with a key registered with its certificate', async () => {
    const { keyset, deployment, issuer } = await keysetWithDeployment(t.sim, { requireX5c: true });
    const added = await registerKey(t, keyset, { jwk: signer.jwk('k1', { x5c: [cert] }) });
    expect(added.status, show(added)).toBe(201);
    const r = await exchangeFor(t.sim, deployment, await signer.sign('k1', issuer, { sub: 'x5c-user' }));
    expect(r.status, show(r)).toBe(200);
    expect(r.body.context.endUser.subject).toBe(`v2/iamessage/AUTH/${keyset}/uid:x5c-user`);
  });

  it('checks keys from a JWKS URL when a token is verified, and leaves keysets without requireX5c alone', async () => {
    const strict = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url, requireX5c: true });
    const lenient = await keysetWithDeployment(t.sim, { jwksUrl: jwks.url });

    jwks.serve([signer.jwk('bare'), signer.jwk('wrong-cert', { x5c: [await certificateOf(other)] }), signer.jwk('good', { x5c: [cert] })]);
    const bare = await exchangeFor(t.sim, strict.deployment, await signer.sign('bare', strict.issuer));
    expect(bare.status, show(bare)).toBe(401);
    expect(bare.body.errorCode).toBe('IDENTITY_KEY_X5C_INVALID');
    expect(bare.body.message).toMatch(new RegExp(`keyset "${strict.keyset}" requires an x5c certificate, and the key with kid "bare" has no "x5c" certificate`));

    const wrong = await exchangeFor(t.sim, strict.deployment, await signer.sign('wrong-cert', strict.issuer));
    expect(wrong.status, show(wrong)).toBe(401);
    expect(wrong.body.message).toMatch(/kid "wrong-cert" has an "x5c" certificate whose public key is not this key/);

    expect((await exchangeFor(t.sim, strict.deployment, await signer.sign('good', strict.issuer))).status).toBe(200);
    expect((await exchangeFor(t.sim, lenient.deployment, await signer.sign('bare', lenient.issuer))).status).toBe(200);
  });
});

describe('requireX5c once the certificate has expired', () => {
  const t = useSim();

  it('refuses a token whose key certificate has expired on the simulated clock', async () => {
    const signer = await newSigner();
    const { keyset, deployment, issuer } = await keysetWithDeployment(t.sim, { requireX5c: true });
    const added = await registerKey(t, keyset, { jwk: signer.jwk('k1', { x5c: [await certificateOf(signer, 11)] }) });
    expect(added.status, show(added)).toBe(201);
    expect((await exchangeFor(t.sim, deployment, await signer.sign('k1', issuer))).status).toBe(200);

    const advanced = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { minutes: 12 * 24 * 60 } });
    expect(advanced.status, show(advanced)).toBe(200);
    const r = await exchangeFor(t.sim, deployment, await signer.sign('k1', issuer, { atMs: advanced.body.now }));
    expect(r.status, show(r)).toBe(401);
    expect(r.body.errorCode).toBe('IDENTITY_KEY_X5C_INVALID');
    expect(r.body.message).toMatch(/kid "k1" has an "x5c" certificate that expired at \d{4}-/);
  });
});

describe('jwksUrl and requireX5c in the config file', () => {
  const base = { orgs: [{ id: '00DSIM000000001', name: 'Sim' }], deployments: [], keysets: [] };
  const write = (json: unknown) => {
    const file = join(tempDir('miaw-keysets'), 'miaw-sim.config.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  };
  const keyset = (over: Record<string, unknown>) => ({ keysets: [{ orgId: '00DSIM000000001', name: 'Idp_Keys', issuer: 'https://idp.test', ...over }] });

  it('declares a JWKS keyset and a strict keyset', async () => {
    const signer = await newSigner();
    const jwk = signer.jwk('k1', { x5c: [await certificateOf(signer)] });
    const seed = await loadConfig(write({ keysets: [keyset({ jwksUrl: 'https://idp.test/jwks' }).keysets[0], { ...keyset({ requireX5c: true, keys: [{ jwk }] }).keysets[0], name: 'Strict_Keys' }] }), base, Date.now());
    expect(seed.keysets).toMatchObject([
      { name: 'Idp_Keys', jwksUrl: 'https://idp.test/jwks', keys: [] },
      { name: 'Strict_Keys', requireX5c: true, keys: [{ kid: 'k1' }] },
    ]);
    expect(seed.keysets[1]!.keys[0]!.publicJwk.x5c).toEqual(jwk.x5c);
  });

  it.each([
    ['keys and a jwksUrl together', async () => keyset({ jwksUrl: 'https://idp.test/jwks', keys: [{ publicKeyPem: (await newSigner()).pair.publicKeyPem }] }), 'keysets.0.jwksUrl', /either keys or jwksUrl/],
    ['a jwksUrl that is not http(s)', async () => keyset({ jwksUrl: 'file:///etc/passwd' }), 'keysets.0.jwksUrl', /http:\/\/ or https:\/\//],
    ['a key without x5c in a requireX5c keyset', async () => keyset({ requireX5c: true, keys: [{ publicKeyPem: (await newSigner()).pair.publicKeyPem }] }), 'keysets.0.keys.0', /requireX5c, and this key has no "x5c"/],
  ])('refuses %s, naming the field', async (_name, build, field, message) => {
    const file = write(await build());
    const refusal = loadConfig(file, base, Date.now());
    await expect(refusal).rejects.toThrow(`Invalid config ${file}: ${field}:`);
    await expect(refusal).rejects.toThrow(message);
  });
});
