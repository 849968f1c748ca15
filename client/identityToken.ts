import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { HandoffConfig } from './config.ts';

/**
 * Step 1: the customer identity token Salesforce's user verification checks: RS256 (or RS512 with `identityTokenAlg`), header `kid`
 * = the Auth Key ID, claims `iss` (keyset issuer), `sub` (the contact), `iat`, a short `exp`.
 */
export async function signIdentityToken(config: HandoffConfig, subject: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: config.identityTokenAlg, kid: config.authKeyId, typ: 'JWT' })
    .setIssuer(config.issuer)
    .setSubject(subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.identityTokenTtlSeconds)
    .setJti(randomUUID())
    .sign(config.privateKey);
}
