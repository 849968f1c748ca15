import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import { unauthorized } from '../shared/errors.ts';
import type { TokenCutoffs } from '../store/tokenCutoffs.ts';
import { signHs256, verifyHs256 } from './hs256.ts';

import type { AuthMode } from '../store/types.ts';

export type { AuthMode };

/** Who is calling, as read from a valid messaging access token. */
export interface AccessSession {
  subject: string;
  orgId: string;
  deployment: string;
  channelAddressIdentifier: string;
  authMode: AuthMode;
  /** New for each token, continuation tokens included. */
  clientId: string;
  jti: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Display name of the end user ("Guest" for unverified users). */
  displayName: string;
}

// Claim names follow a real guest token seen in public code (iss "iamessage", aud "USER",
// channelAddId, jwtId, clientId "v1/<deployment>/<uuid>"); clients treat the token as opaque.
const ISSUER = 'iamessage';
const AUDIENCE = 'USER';
const API_VERSION = 'v2';

const expired = () => unauthorized('ACCESS_TOKEN_EXPIRED', 'Jwt is expired. Get a new access token (or a continuation token before expiry).');
const revoked = () => unauthorized('ACCESS_TOKEN_REVOKED', 'The access token was revoked. Get a new one.');

/** Mints and checks the messaging access tokens (HS256 JWTs; clients treat them as opaque). */
export class AccessTokens {
  private raw: Uint8Array;
  /**
   * Claims of tokens whose signature was already checked, so a busy client does not pay for an
   * HMAC on every call. Expiry, revocation and token faults are still checked on every call.
   * Keyed by the token's signature part and holding the whole token, which must match: a lookup
   * hashes 43 characters instead of the whole token (hashing a token cut out of a header cost
   * microseconds per request), and a token only matches itself, as with the whole token as the key.
   */
  private readonly verified = new Map<string, KnownToken>();
  /**
   * Tokens minted here lately, with the claims they were signed with, by signature as `verified`:
   * a handoff calls with its token right after the exchange (create conversation), and a token
   * signed here needs no HMAC, base64 or JSON.parse to be known as ours. Kept apart and few, so a
   * load of token exchanges whose tokens are never used does not fill `verified`; a token's first
   * call moves it there.
   */
  private readonly minted = new Map<string, KnownToken>();

  constructor(
    private readonly clock: Clock,
    secret?: Uint8Array,
    private readonly isRevoked: (jti: string) => boolean = () => false,
    /** Token faults: "every token issued so far (to a subject) is expired / revoked". */
    private readonly cutoffs?: Pick<TokenCutoffs, 'check' | 'latest'>,
  ) {
    this.raw = secret ?? randomBytes(32);
  }

  /** The secret tokens are signed with now (a persisting simulator keeps it, so its tokens outlive a crash). */
  get secretBytes(): Uint8Array {
    return this.raw;
  }

  /** Sign with a new secret from now on: every token issued before stops working (reset). */
  rotateSecret(): void {
    this.raw = randomBytes(32);
    this.verified.clear();
    this.minted.clear();
  }

  mint(session: Omit<AccessSession, 'jti' | 'clientId' | 'exp'>, exp: number): { token: string; session: AccessSession } {
    // `{ ...session, clientId, jti, exp }` by assignment to a copy: node 20's V8 gives every object a
    // spread literal with properties after the spread makes a hidden class of its own (docs/performance.md, "Tails").
    const { ...full } = session as AccessSession;
    full.clientId = `v1/${session.deployment}/${randomUUID()}`;
    full.jti = randomUUID();
    full.exp = exp;
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    // Millisecond issue time, later than any token-fault cutoff, so a token minted right after
    // "expire every token now" works even when the simulated clock has not moved.
    const issuedAtMs = Math.max(now, (this.cutoffs?.latest(session.subject) ?? 0) + 1);
    // The claims in the order jose's SignJWT wrote them (custom ones, then iss, aud, sub, jti, iat, exp).
    const claims = {
      orgId: full.orgId,
      esDeveloperName: full.deployment,
      channelAddId: full.channelAddressIdentifier,
      jwtId: full.jti,
      authMode: full.authMode,
      clientId: full.clientId,
      displayName: full.displayName,
      apiVersion: API_VERSION,
      issuedAtMs,
      iss: ISSUER,
      aud: AUDIENCE,
      sub: full.subject,
      jti: full.jti,
      iat,
      exp,
    };
    const token = signHs256(claims, this.raw);
    // Signed here, so known to be ours: its first call skips the HMAC, the base64 and JSON.parse of
    // its payload (a handoff's create conversation). What verify reads from `claims` is what it would
    // parse from the token: strings, and numbers JSON writes as they are (a non-finite one would come
    // back null, so such a token is left to the signature check).
    if (Number.isFinite(exp) && Number.isFinite(iat) && Number.isFinite(issuedAtMs)) keep(this.minted, token, claims, MINTED_KEPT);
    return { token, session: full };
  }

  /** The session behind a bearer token, or a 401 that says why it is not accepted. */
  async verify(token: string): Promise<AccessSession> {
    const signature = signatureOf(token);
    const known = this.verified.get(signature) ?? this.firstCallOfMinted(signature);
    const claims = known !== undefined && known.token === token ? known.claims : this.checkSignature(token);
    if (Number(claims.exp) * 1000 <= this.clock.now()) throw expired();
    if (claims.apiVersion !== API_VERSION) {
      throw unauthorized('JWT_VALID_NOT_AUTHORIZED_TO_API', 'The access token was issued for another API version.');
    }
    const jti = String(claims.jti);
    if (this.isRevoked(jti)) throw revoked();
    const issuedAtMs = typeof claims.issuedAtMs === 'number' ? claims.issuedAtMs : Number(claims.iat) * 1000;
    const cutoff = this.cutoffs?.check(String(claims.sub), issuedAtMs);
    if (cutoff) throw cutoff === 'revoked' ? revoked() : expired();
    return {
      subject: String(claims.sub),
      orgId: String(claims.orgId),
      deployment: String(claims.esDeveloperName),
      channelAddressIdentifier: String(claims.channelAddId),
      authMode: claims.authMode === 'Auth' ? 'Auth' : 'UnAuth',
      clientId: String(claims.clientId),
      jti,
      exp: Number(claims.exp),
      displayName: String(claims.displayName ?? 'Guest'),
    };
  }

  /** Signed with the current secret (HS256, node:crypto, no thread-pool hop), or a 401. */
  private checkSignature(token: string): Record<string, unknown> {
    const claims = verifyHs256(token, this.raw);
    if (!claims || claims.iss !== ISSUER || claims.aud !== AUDIENCE) {
      throw unauthorized('ACCESS_TOKEN_INVALID', 'The access token is not one this server issued (bad signature or format). Get one from /iamessage/api/v2/authorization/.../access-token.');
    }
    // Expiry is checked on every call (verify), cached or not.
    keep(this.verified, token, claims, VERIFIED_CACHE_LIMIT);
    return claims;
  }

  /** A token minted here, on its first call: moved to `verified`, where the tokens in use are. */
  private firstCallOfMinted(signature: string): KnownToken | undefined {
    const minted = this.minted.get(signature);
    if (minted === undefined) return undefined;
    this.minted.delete(signature);
    keep(this.verified, minted.token, minted.claims, VERIFIED_CACHE_LIMIT);
    return minted;
  }
}

/** A token known to be signed with the current secret, and its claims. */
interface KnownToken {
  token: string;
  claims: Record<string, unknown>;
}

const VERIFIED_CACHE_LIMIT = 10_000;
/** Minted tokens kept for their first call: a few times the handoffs a load test has in flight (64), and few enough not to weigh on a load of token exchanges alone. */
const MINTED_KEPT = 256;

/** Keeps a known token in `known` by its signature, letting the oldest go past `limit`. */
function keep(known: Map<string, KnownToken>, token: string, claims: Record<string, unknown>, limit: number): void {
  const signature = signatureOf(token);
  if (!known.has(signature) && known.size >= limit) known.delete(known.keys().next().value!);
  known.set(signature, { token, claims });
}

/** The part after the last dot: a verified token's HMAC. */
const signatureOf = (token: string) => token.slice(token.lastIndexOf('.') + 1);
