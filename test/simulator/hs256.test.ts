import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signHs256, verifyHs256 } from '../../simulator/auth/hs256.ts';
import { resignedWithOtherSecret, tampered, truncatedSignature, unsigned } from '../helpers/forgedTokens.ts';

// Access tokens are signed and checked with node:crypto instead of jose (WebCrypto): the same bytes
// out, and the same tokens refused.

const secret = randomBytes(32);
const claims = { orgId: '00D', esDeveloperName: 'Web', apiVersion: 'v2', issuedAtMs: 1_700_000_000_123, iss: 'iamessage', aud: 'USER', sub: 'v2/iamessage/UNAUTH/NA/uid:x', jti: 'j', iat: 1_700_000_000, exp: 4_000_000_000 };

const joseAccepts = async (token: string) =>
  jwtVerify(token, secret, { algorithms: ['HS256'] }).then(
    () => true,
    () => false,
  );

describe('HS256 access tokens with node:crypto', () => {
  it('writes the bytes jose SignJWT writes for the same claims', async () => {
    const { iss, aud, sub, jti, iat, exp, ...custom } = claims;
    const jose = await new SignJWT(custom).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(iss).setAudience(aud).setSubject(sub).setJti(jti).setIssuedAt(iat).setExpirationTime(exp).sign(secret);
    expect(signHs256(claims, secret)).toBe(jose);
  });

  it('reads back the claims of a token it signed', () => {
    expect(verifyHs256(signHs256(claims, secret), secret)).toEqual(claims);
  });

  it.each([
    ['a changed claim', (t: string) => Promise.resolve(tampered(t, { sub: 'someone else' }))],
    ['alg none', (t: string) => Promise.resolve(unsigned(t))],
    ['a truncated signature', (t: string) => Promise.resolve(truncatedSignature(t))],
    ['a signature with a character outside base64url', (t: string) => Promise.resolve(`${t.slice(0, -1)}!`)],
    ['another secret', (t: string) => resignedWithOtherSecret(t)],
    ['four parts', (t: string) => Promise.resolve(`${t}.x`)],
  ])('refuses %s, as jose does', async (_name, forge) => {
    const forged = await forge(signHs256(claims, secret));
    expect(await joseAccepts(forged)).toBe(false);
    expect(verifyHs256(forged, secret)).toBeUndefined();
  });
});
