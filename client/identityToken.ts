import { randomUUID, sign } from 'node:crypto';
import type { HandoffConfig } from './config.ts';

const HASH = { RS256: 'sha256', RS512: 'sha512' } as const;

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Step 1: the customer identity token Salesforce's user verification checks: RS256 (or RS512 with `identityTokenAlg`), header `kid`
 * = the Auth Key ID, claims `iss` (keyset issuer), `sub` (the contact), `iat`, a short `exp`.
 *
 * Signed with node:crypto's `sign` on libuv's thread pool (the event loop stays free, as it did with
 * jose), straight from the configuration's `KeyObject`: jose went through WebCrypto, which turned
 * the key into a `CryptoKey` and added a promise chain on every token. The bytes are jose's
 * `SignJWT` output for the same header and claims (RSASSA-PKCS1-v1_5 is deterministic), which
 * test/client/identityToken.test.ts checks.
 */
export function signIdentityToken(config: HandoffConfig, subject: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const header = base64url(JSON.stringify({ alg: config.identityTokenAlg, kid: config.authKeyId, typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: config.issuer, sub: subject, iat, exp: iat + config.identityTokenTtlSeconds, jti: randomUUID() }));
  const signingInput = `${header}.${claims}`;
  return new Promise((resolve, reject) => {
    sign(HASH[config.identityTokenAlg], Buffer.from(signingInput, 'ascii'), config.privateKey, (err, signature) => {
      if (err) reject(err);
      else resolve(`${signingInput}.${signature.toString('base64url')}`);
    });
  });
}
