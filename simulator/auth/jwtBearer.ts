import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from 'jose';
import { OAuthError, invalidGrant } from '../shared/salesforceErrors.ts';
import type { ConnectedApp, IntegrationUser } from '../store/salesforceTypes.ts';

/** The grant type of the OAuth 2.0 JWT bearer flow (RFC 7523). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** How far ahead an assertion's `exp` may be: Salesforce asks for "within 3 minutes". */
export const MAX_ASSERTION_LIFETIME_SECONDS = 180;
/** Audiences Salesforce's token endpoint takes besides the org's own URL (the one the request came to). */
export const LOGIN_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

export interface AssertionCheck {
  nowMs: number;
  clockSkewSeconds: number;
  maxBytes: number;
  /** The URL the token request came to (`https://<my domain>` for Salesforce; the simulator's own URL here). */
  ownUrl: string;
  appByConsumerKey(consumerKey: string): ConnectedApp | undefined;
  userByUsername(username: string): IntegrationUser | undefined;
}

/**
 * Check a JWT bearer assertion the way Salesforce's token endpoint does, in its order: a readable
 * RS256 JWT, `iss` a connected app's consumer key (else `invalid_client_id`), the signature good for
 * the app's certificate, `aud` the login URL, `exp` not past and at most 3 minutes ahead, and `sub`
 * a user of the app's org it is pre-authorized for. Each refusal is Salesforce's OAuth error, with a
 * hint saying what to check.
 */
export async function verifyAssertion(assertion: string, check: AssertionCheck): Promise<{ app: ConnectedApp; user: IntegrationUser }> {
  if (Buffer.byteLength(assertion, 'utf8') > check.maxBytes) {
    throw invalidGrant('invalid assertion', `The assertion is larger than ${check.maxBytes} bytes: keep the claims to iss, sub, aud and exp`);
  }
  const { header, claims } = readAssertion(assertion);
  if (header.alg !== 'RS256') {
    throw invalidGrant('invalid assertion', `The assertion's header alg is ${JSON.stringify(header.alg ?? null)}: sign it with RS256 and the private key of the connected app's certificate`);
  }
  const app = typeof claims.iss === 'string' ? check.appByConsumerKey(claims.iss) : undefined;
  if (!app) {
    throw new OAuthError(400, 'invalid_client_id', 'client identifier invalid', 'The assertion\'s iss must be the consumer key of a connected app (GET /__sim/v1/connected-apps lists them)');
  }
  try {
    await compactVerify(assertion, await importJWK(app.publicJwk, 'RS256'));
  } catch {
    throw invalidGrant('invalid assertion', `The signature does not verify with the certificate of connected app "${app.name}": sign with the private key of the certificate registered under "Use digital signatures", or register this key's certificate`);
  }
  const audiences = [...LOGIN_AUDIENCES, check.ownUrl];
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) {
    throw invalidGrant('audience is invalid', `aud must be the login URL: ${audiences.join(', ')}`);
  }
  const now = Math.floor(check.nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + check.clockSkewSeconds < now || claims.exp > now + MAX_ASSERTION_LIFETIME_SECONDS + check.clockSkewSeconds) {
    throw invalidGrant('expired authorization code', `exp must be a number of seconds at most ${MAX_ASSERTION_LIFETIME_SECONDS} s ahead and not past (simulated time now: ${now}); check this machine's clock`);
  }
  const user = typeof claims.sub === 'string' ? check.userByUsername(claims.sub) : undefined;
  const permitted = user && user.orgId === app.orgId && (!app.preAuthorizedUsers || app.preAuthorizedUsers.some((u) => u.toLowerCase() === user.username.toLowerCase()));
  if (!user || !permitted) {
    const why = !user || user.orgId !== app.orgId ? `no user of the app's org has the username in sub` : `the user is not pre-authorized for connected app "${app.name}"`;
    throw invalidGrant("user hasn't approved this consumer", `${why}: sub must be the integration user's username, and the user pre-authorized for the app (its profile or a permission set)`);
  }
  return { app, user };
}

function readAssertion(assertion: string): { header: { alg?: string }; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw invalidGrant('invalid assertion', 'The assertion is not a signed JWT (header.claims.signature, base64url): sign {iss, sub, aud, exp} with RS256');
  }
}

/** How long an access token from the grant works: Salesforce's default session timeout, 2 hours. */
export const REST_SESSION_TTL_MS = 2 * 60 * 60 * 1000;
