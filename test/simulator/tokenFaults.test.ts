import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { ManualClock, type RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, getVerifiedToken, show, signIdentityToken, tokenRequestBase, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const LIST = '/iamessage/api/v2/conversation/list';
const VERIFIED = '/iamessage/api/v2/authorization/authenticated/access-token';

const list = (sim: RunningSimulator, token: string) => call(sim, 'GET', LIST, { token });
const tokenFault = (sim: RunningSimulator, fault: 'expire' | 'revoke', body?: unknown) => call(sim, 'POST', `/__sim/v1/tokens/${fault}`, body === undefined ? {} : { body });
const exchange = (sim: RunningSimulator, customerIdentityToken: string) =>
  call(sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken } });
const subjectOf = (tokenResponse: { body: any }): string => tokenResponse.body.context.endUser.subject;

describe('token faults /__sim/v1/tokens', () => {
  const t = useSim();

  it('expire: every token issued so far gets 401 ACCESS_TOKEN_EXPIRED and its stream ends; a new token works', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    expect(stream.status).toBe(200);

    const r = await tokenFault(t.sim, 'expire');
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toEqual({ kind: 'expired', subject: null, at: expect.any(Number), closedStreams: 1 });
    await stream.waitForEnd();

    const refused = await list(t.sim, accessToken);
    expect(refused.status, show(refused)).toBe(401);
    expect(refused.body).toEqual({ code: '401', errorCode: 'ACCESS_TOKEN_EXPIRED', message: expect.stringMatching(/^\[miaw-sim\] Jwt is expired/) });
    const continuation = await call(t.sim, 'GET', '/iamessage/api/v2/authorization/continuation-access-token', { token: accessToken });
    expect(continuation.body.errorCode).toBe('ACCESS_TOKEN_EXPIRED');

    const fresh = await getGuestToken(t.sim);
    expect((await list(t.sim, fresh.accessToken)).status).toBe(200);
    const next = await openStream(t.sim.url, fresh.accessToken, t.sim.orgId);
    expect(next.status).toBe(200);
    next.close();
  });

  it('expire {subject}: only that subject\'s tokens and streams', async () => {
    const alice = await getGuestToken(t.sim);
    const bob = await getGuestToken(t.sim);
    const aliceStream = await openStream(t.sim.url, alice.accessToken, t.sim.orgId);
    const bobStream = await openStream(t.sim.url, bob.accessToken, t.sim.orgId);

    const r = await tokenFault(t.sim, 'expire', { subject: subjectOf(alice) });
    expect(r.body).toMatchObject({ kind: 'expired', subject: subjectOf(alice), closedStreams: 1 });
    await aliceStream.waitForEnd();
    expect((await list(t.sim, alice.accessToken)).body.errorCode).toBe('ACCESS_TOKEN_EXPIRED');
    expect((await list(t.sim, bob.accessToken)).status).toBe(200);
    expect(bobStream.ended).toBe(false);
    expect((await call(t.sim, 'GET', '/__sim/v1/health')).body.openStreams).toBe(1);
    bobStream.close();
  });

  it('revoke {subject}: 401 ACCESS_TOKEN_REVOKED for that subject only; its next token works', async () => {
    const customer = await getVerifiedToken(t.sim, 'customer-1');
    const other = await getVerifiedToken(t.sim, 'customer-2');
    const stream = await openStream(t.sim.url, customer.accessToken, t.sim.orgId);

    const r = await tokenFault(t.sim, 'revoke', { subject: subjectOf(customer) });
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toMatchObject({ kind: 'revoked', subject: `v2/iamessage/AUTH/${t.sim.keyset}/uid:customer-1`, closedStreams: 1 });
    await stream.waitForEnd();

    const refused = await list(t.sim, customer.accessToken);
    expect(refused.status, show(refused)).toBe(401);
    expect(refused.body.errorCode).toBe('ACCESS_TOKEN_REVOKED');
    expect((await list(t.sim, other.accessToken)).status).toBe(200);
    const again = await getVerifiedToken(t.sim, 'customer-1');
    expect((await list(t.sim, again.accessToken)).status).toBe(200);
  });

  it('revoke with no subject ends every stream; revocation wins over expiry', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const streams = await Promise.all([openStream(t.sim.url, accessToken, t.sim.orgId), openStream(t.sim.url, accessToken, t.sim.orgId)]);
    await tokenFault(t.sim, 'expire');
    expect((await tokenFault(t.sim, 'revoke')).body).toMatchObject({ kind: 'revoked', subject: null, closedStreams: 0 });
    for (const s of streams) await s.waitForEnd();
    expect((await list(t.sim, accessToken)).body.errorCode).toBe('ACCESS_TOKEN_REVOKED');
  });

  it('keeps the cutoffs in the state export; reset forgets them', async () => {
    await tokenFault(t.sim, 'expire', { subject: 'v2/iamessage/UNAUTH/NA/uid:someone' });
    const state = (await call(t.sim, 'GET', '/__sim/v1/state')).body;
    expect(state.tokenCutoffs).toEqual([{ kind: 'expired', subject: 'v2/iamessage/UNAUTH/NA/uid:someone', at: expect.any(Number) }]);
    await call(t.sim, 'POST', '/__sim/v1/reset');
    expect((await call(t.sim, 'GET', '/__sim/v1/state')).body.tokenCutoffs).toEqual([]);
  });

  it.each([
    [{ subject: '' }, 'subject: must be an end user subject'],
    [{ subject: 42 }, 'subject:'],
    [{ subjects: ['a'] }, 'Unrecognized key'],
  ])('refuses %j with 400 naming the field', async (body, message) => {
    for (const fault of ['expire', 'revoke'] as const) {
      const r = await tokenFault(t.sim, fault, body);
      expect(r.status, show(r)).toBe(400);
      expect(r.body).toEqual({ code: '400', errorCode: 'INVALID_REQUEST', message: expect.stringContaining(message) });
    }
    expect((await call(t.sim, 'GET', '/__sim/v1/state')).body.tokenCutoffs).toEqual([]);
  });
});

describe('token faults on a clock that does not move', () => {
  const t = useSim({ clock: new ManualClock() });

  it('a token minted right after "expire" works, one minted right before does not', async () => {
    const before = await getGuestToken(t.sim);
    await tokenFault(t.sim, 'expire');
    const after = await getGuestToken(t.sim);
    expect((await list(t.sim, before.accessToken)).body.errorCode).toBe('ACCESS_TOKEN_EXPIRED');
    expect((await list(t.sim, after.accessToken)).status).toBe(200);
  });
});

describe('key faults: rotate a registered key', () => {
  const t = useSim();
  const rotatePath = (kid = t.sim.kid) => `/__sim/v1/orgs/${t.sim.orgId}/keysets/${t.sim.keyset}/keys/${kid}/rotate`;

  it('rotates to a fresh key nobody holds: returns only its public PEM; the client\'s tokens fail signature verification', async () => {
    expect((await exchange(t.sim, await signIdentityToken(t.sim))).status).toBe(200);
    const r = await call(t.sim, 'POST', rotatePath());
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toEqual({ kid: t.sim.kid, keyset: t.sim.keyset, orgId: t.sim.orgId, issuer: t.sim.issuer, generated: true, publicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----') });
    expect(r.text).not.toMatch(/PRIVATE/);
    expect(r.body.publicKeyPem).not.toBe(t.sim.publicKeyPem);

    const refused = await exchange(t.sim, await signIdentityToken(t.sim));
    expect(refused.status, show(refused)).toBe(401);
    expect(refused.body.errorCode).toBe('IDENTITY_TOKEN_SIGNATURE_INVALID');
  });

  it('rotates to a public key the caller sends: tokens signed with its private key work, the old key\'s fail', async () => {
    const next = await generateRsaKeyPair();
    const r = await call(t.sim, 'POST', rotatePath(), { body: { pem: next.publicKeyPem } });
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toMatchObject({ kid: t.sim.kid, generated: false });
    expect(r.body.publicKeyPem.replace(/\s/g, '')).toBe(next.publicKeyPem.replace(/\s/g, ''));

    const good = await exchange(t.sim, await signIdentityToken(t.sim, { privateKeyPem: next.privateKeyPem }));
    expect(good.status, show(good)).toBe(200);
    const old = await exchange(t.sim, await signIdentityToken(t.sim));
    expect(old.body.errorCode).toBe('IDENTITY_TOKEN_SIGNATURE_INVALID');
    const journaled = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.find((q: any) => q.path === rotatePath());
    expect(JSON.stringify(journaled.request.body)).not.toContain(next.publicKeyPem.split('\n')[1]);
  });

  it.each([
    ['an unknown kid', () => ['nope', {}], 404, 'KID_NOT_FOUND', 'has no key with kid "nope"'],
    ['a private key', async () => [undefined, { pem: (await generateRsaKeyPair()).privateKeyPem }], 400, 'PRIVATE_KEY_SUBMITTED', 'Register the public key only'],
    ['both pem and jwk', () => [undefined, { pem: 'x', jwk: { kty: 'RSA' } }], 400, 'INVALID_REQUEST', 'jwk: send at most one of "pem"'],
    ['an unknown field', () => [undefined, { privateKey: 'x' }], 400, 'INVALID_REQUEST', 'Unrecognized key'],
  ] as const)('refuses %s', async (_what, input, status, errorCode, message) => {
    const [kid, body] = (await input()) as [string | undefined, unknown];
    const r = await call(t.sim, 'POST', rotatePath(kid), { body });
    expect(r.status, show(r)).toBe(status);
    expect(r.body).toEqual({ code: String(status), errorCode, message: expect.stringContaining(message) });
    expect((await exchange(t.sim, await signIdentityToken(t.sim))).status).toBe(200);
  });
});
