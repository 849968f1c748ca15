import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { HandoffConfigError, parseHandoffConfig } from '../../client/index.ts';
import { signIdentityToken } from '../../client/identityToken.ts';
import { call, show, tokenRequestBase, useSim } from '../helpers/sim.ts';
import { configFor } from '../helpers/handoff.ts';

describe('the handoff client signs identity tokens with the configured algorithm', () => {
  const t = useSim();

  const exchange = (customerIdentityToken: string) =>
    call(t.sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', {
      body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', customerIdentityToken },
    });

  it('signs RS256 by default and RS512 when asked, and the simulator verifies both', async () => {
    for (const [overrides, alg] of [[{}, 'RS256'], [{ identityTokenAlg: 'RS512' }, 'RS512']] as const) {
      const config = parseHandoffConfig(configFor(t.sim, overrides));
      const token = await signIdentityToken(config, `alg-${alg}`, Date.now());
      expect(decodeProtectedHeader(token)).toMatchObject({ alg, kid: t.sim.kid, typ: 'JWT' });
      const r = await exchange(token);
      expect(r.status, show(r)).toBe(200);
      expect(r.body.context.endUser.subject).toBe(`v2/iamessage/AUTH/${t.sim.keyset}/uid:alg-${alg}`);
    }
  });

  it('writes the bytes jose SignJWT writes for the same header and claims (RS256 and RS512)', async () => {
    for (const alg of ['RS256', 'RS512'] as const) {
      const config = parseHandoffConfig(configFor(t.sim, { identityTokenAlg: alg, identityTokenTtlSeconds: 120 }));
      const nowMs = Date.UTC(2026, 11, 2, 14, 0, 30, 999);
      const token = await signIdentityToken(config, 'contact-\u00e9\u4e2d"quoted"', nowMs);
      const { jti } = decodeJwt(token);
      expect(typeof jti).toBe('string');
      const iat = Math.floor(nowMs / 1000);
      const byJose = await new SignJWT({})
        .setProtectedHeader({ alg, kid: t.sim.kid, typ: 'JWT' })
        .setIssuer(t.sim.clientConfig.issuer)
        .setSubject('contact-\u00e9\u4e2d"quoted"')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 120)
        .setJti(jti!)
        .sign(config.privateKey);
      expect(token).toBe(byJose);
    }
  });

  it('refuses an algorithm Salesforce user verification does not accept, naming the field', () => {
    let caught: unknown;
    try {
      parseHandoffConfig(configFor(t.sim, { identityTokenAlg: 'HS256' }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HandoffConfigError);
    expect((caught as Error).message).toMatch(/identityTokenAlg must be RS256 or RS512/);
  });
});
