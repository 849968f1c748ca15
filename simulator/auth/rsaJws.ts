import { verify, type KeyObject } from 'node:crypto';
import { decodeBase64url } from './base64url.ts';

/** What a compact RS256/RS512 JWS check found: the payload's bytes, or why it is refused. */
export type RsaJwsCheck = { ok: true; payload: Uint8Array } | { ok: false; reason: 'signature' | 'malformed' };

const HASH = { RS256: 'sha256', RS512: 'sha512' } as const;
const malformed = { ok: false, reason: 'malformed' } as const;

/**
 * Verify a compact JWS signed RS256 or RS512 with node:crypto, synchronously: no thread-pool hop
 * per token, as WebCrypto (jose's `compactVerify`) takes. It accepts and refuses exactly what
 * `compactVerify(token, key, { algorithms: [alg] })` does, in the same order, so a refusal is a
 * "signature" one where jose's was `JWSSignatureVerificationFailed` and "malformed" otherwise:
 * three parts; the header already parsed by the caller (as jose's `decodeProtectedHeader` parses it); `crit`
 * naming only `b64`, present, and `b64` a boolean (RFC 7797: an unencoded payload is signed as is);
 * the header's `alg` the one allowed;
 * ASCII header and payload parts; an RSA public key of at least 2048 bits; the signature decoded
 * decoded as jose's base64url decodes (`decodeBase64url`); and the payload decoded only once the signature holds.
 */
export function verifyRsaJws(token: string, header: Record<string, unknown>, key: KeyObject, alg: keyof typeof HASH): RsaJwsCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return malformed;
  const [protectedPart, payloadPart, signaturePart] = parts as [string, string, string];
  const b64 = encodesPayload(header);
  if (b64 === undefined || header.alg !== alg) return malformed;
  if (!isAscii(protectedPart) || !isAscii(payloadPart)) return malformed;
  let signature: Uint8Array;
  try {
    signature = decodeBase64url(signaturePart);
  } catch {
    return malformed;
  }
  if (key.type !== 'public' || key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return malformed;
  let verified = false;
  try {
    verified = verify(HASH[alg], Buffer.from(`${protectedPart}.${payloadPart}`, 'latin1'), key, signature);
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, reason: 'signature' };
  if (!b64) return { ok: true, payload: Buffer.from(payloadPart, 'latin1') };
  try {
    return { ok: true, payload: decodeBase64url(payloadPart) };
  } catch {
    return malformed;
  }
}

/**
 * Whether the payload part is base64url (RFC 7515 `crit`, with `b64` the one extension known, as in
 * jose): true, false for an unencoded payload, undefined when the header's `crit` is not acceptable.
 */
function encodesPayload(header: Record<string, unknown>): boolean | undefined {
  const crit = header.crit;
  if (crit === undefined) return true;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) return undefined;
  for (const name of crit as string[]) {
    if (name !== 'b64' || !Object.hasOwn(header, name) || header[name] === undefined) return undefined;
  }
  return typeof header.b64 === 'boolean' ? header.b64 : undefined;
}

/** Whether every character is ASCII (jose refuses to sign over anything else in a compact JWS). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
