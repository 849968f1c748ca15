import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** Access tokens the simulator never issued, built from a real one or from scratch. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/** The real token's claims with `change` applied, its original signature kept. */
export function tampered(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64({ ...claimsOf(token), ...change })}.${signature}`;
}

/** The real token's claims under `alg: none`, with no signature. */
export const unsigned = (token: string): string => `${b64({ alg: 'none', typ: 'JWT' })}.${token.split('.')[1]}.`;

/** The real token with its last `n` signature characters removed. */
export const truncatedSignature = (token: string, n = 4): string => token.slice(0, -n);

/** The real token's claims, well signed (HS256) with a secret the simulator does not have. */
export async function resignedWithOtherSecret(token: string, secret: Uint8Array = randomBytes(32)): Promise<string> {
  return new SignJWT(claimsOf(token)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
}
