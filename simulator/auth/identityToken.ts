import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { MiawApiError } from '../shared/errors.ts';
import { decodeBase64url } from './base64url.ts';
import { JwksFailure, shownUrl, type JwksKeys } from './jwksKeys.ts';
import { verifyRsaJws } from './rsaJws.ts';
import { x5cProblem } from './x5c.ts';
import type { Deployment, Keyset } from '../store/types.ts';

export interface VerifiedIdentity {
  /** The identity token's `sub`: the customer's stable id in the customer's own system. */
  sub: string;
  keyset: Keyset;
  kid: string;
  /** The MIAW subject this identity maps to. */
  subject: string;
}

export interface IdentityCheckContext {
  deployment: Deployment;
  keyset: Keyset | undefined;
  nowMs: number;
  clockSkewSeconds: number;
  maxBytes: number;
  /** Where keysets of type "Endpoint URL" (`jwksUrl`) get their keys. */
  jwks: JwksKeys;
}

/** A failed identity check; in `silent-guest` mode the caller turns it into a guest token instead. */
export class IdentityRejected extends MiawApiError {
  constructor(errorCode: string, message: string) {
    super(401, errorCode, `Failed to verify the customer identity token: ${message}`);
  }
}

/**
 * The signing algorithms user verification accepts: Salesforce's setup page for token-based user
 * verification supports RS256 and RS512, and its key utility signs with either (`-alg`).
 */
export const IDENTITY_TOKEN_ALGS = ['RS256', 'RS512'] as const;
export type IdentityTokenAlg = (typeof IDENTITY_TOKEN_ALGS)[number];
const isAllowedAlg = (alg: unknown): alg is IdentityTokenAlg => (IDENTITY_TOKEN_ALGS as readonly unknown[]).includes(alg);

export const verifiedSubject = (keysetName: string, sub: string) => `v2/iamessage/AUTH/${keysetName}/uid:${sub}`;

/**
 * Verify a customer identity token the way Salesforce's user verification does: RS256 or RS512, a `kid`
 * registered in the deployment's keyset, a good signature, `iss` equal to the keyset issuer, a `sub`,
 * `exp` in the future and `iat` not in the future (both within the allowed clock skew).
 */
export async function verifyIdentityToken(token: string, ctx: IdentityCheckContext): Promise<VerifiedIdentity> {
  const bytes = Buffer.byteLength(token, 'utf8');
  if (bytes > ctx.maxBytes) {
    throw new MiawApiError(413, 'IDENTITY_TOKEN_TOO_LARGE', `The customer identity token is ${bytes} bytes; the limit is ${ctx.maxBytes}. Keep custom claims small.`);
  }
  const header = readHeader(token);
  const alg = header.alg;
  if (!isAllowedAlg(alg)) {
    throw new IdentityRejected('IDENTITY_TOKEN_ALG_NOT_ALLOWED', `its header alg is ${JSON.stringify(alg ?? null)}; only ${IDENTITY_TOKEN_ALGS.join(' and ')} are accepted. Sign it with the RSA private key whose public key is registered.`);
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new IdentityRejected('IDENTITY_TOKEN_KID_MISSING', 'its header has no "kid". Put the registered Auth Key ID in the header as "kid".');
  }
  const keyset = ctx.keyset;
  if (!keyset) {
    throw new IdentityRejected('USER_VERIFICATION_NOT_ENABLED', `deployment "${ctx.deployment.name}" has no user-verification keyset. Link a keyset to it (control API: POST /__sim/v1/orgs/<orgId>/deployments with "keyset") or use the unauthenticated endpoint.`);
  }
  const { jwk, source } = await keyFor(keyset, header.kid, alg, ctx);
  if (keyset.requireX5c) {
    const problem = x5cProblem(jwk, ctx.nowMs);
    if (problem) throw new IdentityRejected('IDENTITY_KEY_X5C_INVALID', `keyset "${keyset.name}" requires an x5c certificate, and the key with kid "${header.kid}" ${problem}.`);
  }
  const payload = checkSignature(token, header, jwk, `the public key ${source} as kid "${header.kid}"`, alg);
  checkClaims(payload, keyset, ctx);
  const sub = payload.sub as string;
  return { sub, keyset, kid: header.kid, subject: verifiedSubject(keyset.name, sub) };
}

/** The key a token's kid names: uploaded to the keyset, or published at its JWKS URL. */
async function keyFor(keyset: Keyset, kid: string, alg: IdentityTokenAlg, ctx: IdentityCheckContext): Promise<{ jwk: JWK; source: string }> {
  if (keyset.jwksUrl) {
    try {
      return { jwk: await ctx.jwks.find(keyset.jwksUrl, kid, alg), source: `published at ${shownUrl(keyset.jwksUrl)}` };
    } catch (err) {
      if (err instanceof JwksFailure) throw new IdentityRejected(err.code, `keyset "${keyset.name}" takes its keys from a JWKS URL, and ${err.message}`);
      throw err;
    }
  }
  const registered = keyset.keys.find((k) => k.kid === kid);
  if (!registered) {
    throw new IdentityRejected('IDENTITY_TOKEN_KID_UNKNOWN', `no key with kid "${kid}" is registered in keyset "${keyset.name}" of deployment "${ctx.deployment.name}". Register the public key (POST /__sim/v1/orgs/${keyset.orgId}/keysets/${keyset.name}/keys) and use the Auth Key ID it returns.`);
  }
  return { jwk: registered.publicJwk, source: 'registered' };
}

function readHeader(token: string): Record<string, unknown> & { alg?: string; kid?: unknown } {
  const header = protectedHeader(token);
  if (!header) throw new IdentityRejected('IDENTITY_TOKEN_MALFORMED', 'it is not a compact JWS (three base64url parts: header.payload.signature).');
  return header;
}

/** Strict UTF-8 (a bad sequence throws), a leading BOM dropped: jose's own decoder for headers. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Claims are read as jose reads them: bad UTF-8 replaced, a leading BOM dropped. One decoder for every token. */
const utf8 = new TextDecoder();

/**
 * The token's protected header as jose's `decodeProtectedHeader` reads it from a string, or
 * undefined where jose throws: the first of three (or five) dot-separated parts, non-empty,
 * base64url, strict UTF-8, a JSON object (`test/simulator/base64url.test.ts` compares both).
 */
export function protectedHeader(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  const encoded = parts.length === 3 || parts.length === 5 ? parts[0] : undefined;
  if (!encoded) return undefined;
  try {
    const parsed: unknown = JSON.parse(strictUtf8.decode(decodeBase64url(encoded)));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Imported verification keys, per registered JWK object (importing costs more than verifying); one KeyObject serves every RS alg. */
const imported = new WeakMap<object, KeyObject>();

function checkSignature(token: string, header: Record<string, unknown>, jwk: JWK, keyDescription: string, alg: IdentityTokenAlg): Record<string, unknown> {
  let key = imported.get(jwk);
  if (!key) {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    imported.set(jwk, key);
  }
  const checked = verifyRsaJws(token, header, key, alg);
  if (!checked.ok && checked.reason === 'signature') {
    throw new IdentityRejected('IDENTITY_TOKEN_SIGNATURE_INVALID', `its signature does not verify with ${keyDescription}. Sign with the matching private key, and do not modify the token after signing.`);
  }
  if (!checked.ok) throw new IdentityRejected('IDENTITY_TOKEN_MALFORMED', 'it could not be parsed as a signed JWT.');
  const raw = checked.payload;
  try {
    const claims: unknown = JSON.parse(utf8.decode(raw));
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) return claims as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new IdentityRejected('IDENTITY_TOKEN_MALFORMED', 'its payload is not a JSON object of claims.');
}

function checkClaims(claims: Record<string, unknown>, keyset: Keyset, ctx: IdentityCheckContext): void {
  if (claims.iss !== keyset.issuer) {
    throw new IdentityRejected('IDENTITY_TOKEN_ISSUER_MISMATCH', `its "iss" is ${JSON.stringify(claims.iss ?? null)} but keyset "${keyset.name}" expects "${keyset.issuer}".`);
  }
  if (typeof claims.sub !== 'string' || claims.sub.trim() === '') {
    throw new IdentityRejected('IDENTITY_TOKEN_SUB_MISSING', 'it has no "sub" claim. Put the customer\'s stable id in "sub".');
  }
  const now = ctx.nowMs / 1000;
  const skew = ctx.clockSkewSeconds;
  if (typeof claims.exp !== 'number') {
    throw new IdentityRejected('IDENTITY_TOKEN_EXP_MISSING', 'it has no numeric "exp" claim (seconds since the epoch).');
  }
  if (claims.exp <= now - skew) {
    throw new IdentityRejected('IDENTITY_TOKEN_EXPIRED', `it expired at ${new Date(claims.exp * 1000).toISOString()} (allowed clock skew ${skew}s). Mint a fresh identity token for each exchange.`);
  }
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > now + skew)) {
    throw new IdentityRejected('IDENTITY_TOKEN_IAT_IN_FUTURE', `its "iat" (${JSON.stringify(claims.iat)}) is in the future beyond the allowed clock skew of ${skew}s. Check the signer's clock.`);
  }
}
