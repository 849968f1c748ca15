import { createPublicKey, X509Certificate, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * Salesforce refuses to upload a key whose JWK has no `x5c`, and a certificate that is valid for
 * fewer than 10 days (Salesforce Help, "Troubleshooting User Verification").
 */
export const X5C_MIN_VALIDITY_DAYS = 10;
const DAY_MS = 86_400_000;

/**
 * What is wrong with a key's `x5c` for a keyset that requires one (`requireX5c`), as the end of a
 * sentence about the key; undefined when the first certificate is readable, carries exactly this
 * public key and is still valid `minValidDays` from `nowMs`.
 */
export function x5cProblem(jwk: JWK, nowMs: number, minValidDays = 0): string | undefined {
  const chain: unknown = jwk.x5c;
  if (!Array.isArray(chain) || typeof chain[0] !== 'string' || chain[0] === '') {
    return 'has no "x5c" certificate. Add "x5c": ["<base64 DER certificate of this key>"] to the JWK, as Salesforce requires';
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(chain[0], 'base64'));
  } catch {
    return 'has an "x5c" whose first entry is not a base64 DER X.509 certificate (standard base64, no PEM header lines)';
  }
  let same = false;
  try {
    same = cert.publicKey.equals(createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  } catch {
    same = false;
  }
  if (!same) return 'has an "x5c" certificate whose public key is not this key. Put the certificate of this key pair first in "x5c"';
  const validTo = Date.parse(cert.validTo);
  if (!(validTo > nowMs + minValidDays * DAY_MS)) {
    const when = Number.isNaN(validTo) ? cert.validTo : new Date(validTo).toISOString();
    return minValidDays > 0
      ? `has an "x5c" certificate valid until ${when}; Salesforce requires at least ${minValidDays} more days. Issue a new certificate`
      : `has an "x5c" certificate that expired at ${when}. Issue a new certificate`;
  }
  return undefined;
}
