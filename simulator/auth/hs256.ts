import { createHmac, timingSafeEqual } from 'node:crypto';
import { base64url } from 'jose';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * HS256 compact JWTs with node:crypto, synchronously (jose goes through WebCrypto: a thread-pool hop
 * per token). The bytes are what jose's `SignJWT` writes for the same header and claims.
 */
export function signHs256(claims: Record<string, unknown>, secret: Uint8Array): string {
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * The claims of a token this secret signed (HS256), or undefined for anything else: another
 * algorithm (`none` included), a signature that does not match, a payload that is not a JSON object.
 * A good signature means the token is one `signHs256` made with this secret, so its claims are
 * ours; the caller checks expiry and the rest.
 */
export function verifyHs256(token: string, secret: Uint8Array): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) return undefined;
  let given: Uint8Array;
  try {
    given = base64url.decode(signature);
  } catch {
    return undefined;
  }
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
