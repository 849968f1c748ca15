import { beforeAll, describe, expect, it } from 'vitest';
import { claims, exchange, expectError, expectNoTokenIn, importKeys, nowS, rejections, signRaw, type Keys } from '../helpers/identityTokenCases.ts';
import { call, show, signIdentityToken, useSim } from '../helpers/sim.ts';

describe('customer identity token verification (verificationFailure "401")', () => {
  const t = useSim();
  const keys = {} as Keys;
  beforeAll(async () => {
    await importKeys(keys, t.sim);
  });

  it.each(rejections)('refuses $name', async ({ token: build, status, errorCode, message }) => {
    const token = await build(keys);
    const r = await exchange(t.sim, token);
    expectError(r, status, errorCode, message);
    expectNoTokenIn(r.text, token);
  });

  it('accepts a well-formed token, and exp / iat within the clock skew', async () => {
    const sign = (over: Record<string, unknown>) => signRaw({ alg: 'RS256', kid: t.sim.kid, typ: 'JWT' }, claims(t.sim, over), keys.defaultKey);
    for (const over of [{}, { exp: nowS() - 30 }, { iat: nowS() + 30 }, { iat: undefined }]) {
      const r = await exchange(t.sim, await sign({ ...over, sub: 'skew-user' }));
      expect(r.status, `${JSON.stringify(over)}: ${show(r)}`).toBe(200);
      expect(r.body.context.endUser.subject).toBe('v2/iamessage/AUTH/Sim_Keyset/uid:skew-user');
    }
  });

  it('accepts RS512 with the same registered key, as Salesforce\'s setup page and key utility allow', async () => {
    const r = await exchange(t.sim, await signRaw({ alg: 'RS512', kid: t.sim.kid, typ: 'JWT' }, claims(t.sim, { sub: 'rs512-user' }), keys.defaultKey512));
    expect(r.status, show(r)).toBe(200);
    expect(r.body.context.endUser.subject).toBe('v2/iamessage/AUTH/Sim_Keyset/uid:rs512-user');
    // The keyset view names both algorithms the key verifies, not RS256 alone.
    const keyset = (await call(t.sim, 'GET', '/__sim/v1/keysets')).body.keysets.find((k: any) => k.name === 'Sim_Keyset');
    expect(keyset.algs).toEqual(['RS256', 'RS512']);
    expect(keyset.keys.find((k: any) => k.kid === t.sim.kid)).toEqual({ kid: t.sim.kid, algs: ['RS256', 'RS512'], registeredAt: expect.any(Number) });
  });

  it('refuses an otherwise valid token for a deployment that has no keyset', async () => {
    const created = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/deployments`, { body: { name: 'No_Keyset_Web' } });
    expect(created.status, show(created)).toBe(201);
    const token = await signIdentityToken(t.sim);
    const r = await exchange(t.sim, token, { esDeveloperName: 'No_Keyset_Web' });
    expectError(r, 401, 'USER_VERIFICATION_NOT_ENABLED', /deployment "No_Keyset_Web" has no user-verification keyset/);
    expectNoTokenIn(r.text, token);
  });

  it('accepts the 18-character org id and refuses one whose checksum suffix is wrong', async () => {
    const token = await signIdentityToken(t.sim, { claims: { sub: 'org18-user' } });
    const ok = await exchange(t.sim, token, { orgId: t.sim.orgId18 });
    expect(t.sim.orgId18).toHaveLength(18);
    expect(ok.status, show(ok)).toBe(200);
    expect(ok.body.context.endUser.subject).toBe('v2/iamessage/AUTH/Sim_Keyset/uid:org18-user');

    const last = t.sim.orgId18.slice(-1);
    const wrong = t.sim.orgId18.slice(0, 17) + (last === 'A' ? 'B' : 'A');
    const r = await exchange(t.sim, token, { orgId: wrong });
    expectError(r, 400, 'INVALID_ORG_ID', /is not a Salesforce org id.*18-character suffix/);
    expectNoTokenIn(r.text, token);
  });
});
