import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';
import { z } from 'zod';
import { MIN_RSA_BITS } from './publicKey.ts';

/** A keyset's JWKS endpoint: http(s), without a user name or password (they would show in errors and exports). */
export const JwksUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL serving a JSON Web Key Set ({"keys":[...]}), without a user name or password');

/** The URL as errors show it: scheme, host and path (a query may carry an access key). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(unreadable URL)';
  }
}

/** How long fetched keys are used before the set is fetched again (jose's `createRemoteJWKSet` default). */
export const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

export interface JwksOptions {
  /** Simulated time: the refetch limit and the cache age follow `POST /__sim/v1/clock/advance`. */
  now: () => number;
  /** A fetch that has not answered (headers and body) by then is abandoned. */
  timeoutMs: number;
  /** Larger answers are refused (read no further). */
  maxBytes: number;
  /** At most one fetch per URL this often: an unknown kid, or a failed fetch, waits this long before the next try. */
  refetchAfterMs: number;
  /** Keys older than this are fetched again before use. */
  maxAgeMs: number;
}

/** A JWKS fetch or lookup that failed; `code` becomes the 401's errorCode (and the journal's). */
export class JwksFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Cached {
  keys?: JWK[];
  fetchedAt?: number;
  /** Last fetch attempt, successful or not. */
  triedAt?: number;
  /** Last fetch made because a token named a kid the set did not have. */
  unknownKidAt?: number;
  failure?: JwksFailure;
  pending?: Promise<void>;
}

/**
 * Keys of "Endpoint URL" keysets: fetched on first use and kept for `maxAgeMs`. A token naming a kid
 * the set does not have makes it fetch again at once (a rotated key works without waiting), but such
 * refetches happen at most once per `refetchAfterMs` per URL, and a failed fetch is not retried
 * within that time either: a flood of made-up kids, or a dead endpoint, costs one request per
 * interval. Fetches have a timeout and a size cap, follow no redirects, and their failures are
 * named (`JwksFailure`), never thrown raw.
 */
export class JwksKeys {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly options: JwksOptions) {}

  /** Forget every fetched set (`POST /__sim/v1/reset`). */
  clear(): void {
    this.cache.clear();
  }

  /** The RSA signing key with this kid, usable with `alg`, from the set at `url`. */
  async find(url: string, kid: string, alg: string): Promise<JWK> {
    let entry = this.cache.get(url);
    if (!entry) this.cache.set(url, (entry = {}));
    if (!entry.keys || this.options.now() - (entry.fetchedAt ?? 0) >= this.options.maxAgeMs) await this.refresh(url, entry);
    let found = pick(entry.keys ?? [], kid, alg);
    if (!found && this.elapsed(entry.unknownKidAt)) {
      entry.unknownKidAt = this.options.now();
      await this.refresh(url, entry);
      found = pick(entry.keys ?? [], kid, alg);
    }
    if (found) return found;
    const seconds = Math.round(this.options.refetchAfterMs / 1000);
    const known = (entry.keys ?? []).map((k) => k.kid).filter((k): k is string => typeof k === 'string');
    throw new JwksFailure(
      'IDENTITY_TOKEN_KID_UNKNOWN',
      `the JWKS at ${shownUrl(url)} has no RSA signing key with kid "${kid}" for ${alg} (kids there: ${known.length ? known.map((k) => JSON.stringify(k)).join(', ') : 'none'}). ` +
        `Publish the key there; an unknown kid makes the set be fetched again at most every ${seconds} s.`,
    );
  }

  /** Whether a refetch-limited moment lies at least `refetchAfterMs` back (or never happened). */
  private elapsed(at: number | undefined): boolean {
    return at === undefined || this.options.now() - at >= this.options.refetchAfterMs;
  }

  private async refresh(url: string, entry: Cached): Promise<void> {
    if (entry.pending) return entry.pending;
    // Within the interval after a failed fetch: the same failure, without asking the endpoint again.
    if (entry.failure && !this.elapsed(entry.triedAt)) throw entry.failure;
    entry.triedAt = this.options.now();
    const pending = fetchKeys(url, this.options).then(
      (keys) => {
        entry.keys = keys;
        entry.fetchedAt = this.options.now();
        entry.failure = undefined;
      },
      (err: unknown) => {
        entry.failure = err instanceof JwksFailure ? err : new JwksFailure('JWKS_UNREACHABLE', `the JWKS at ${shownUrl(url)} could not be fetched.`);
        throw entry.failure;
      },
    );
    entry.pending = pending.finally(() => {
      entry.pending = undefined;
    });
    return entry.pending;
  }
}

/** Keys usable to verify `alg` with this kid: RSA, for signing, and declaring no other alg. */
function pick(keys: JWK[], kid: string, alg: string): JWK | undefined {
  return keys.find((k) => k.kid === kid && k.kty === 'RSA' && (k.use === undefined || k.use === 'sig') && (k.alg === undefined || k.alg === alg) && usable(k));
}

/** A public RSA key of at least 2048 bits that node can read. */
function usable(jwk: JWK): boolean {
  if ('d' in jwk) return false;
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  } catch {
    return false;
  }
}

async function fetchKeys(url: string, options: JwksOptions): Promise<JWK[]> {
  const at = shownUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const fail = (code: string, what: string) => new JwksFailure(code, `the JWKS at ${at} ${what}.`);
  const timedOut = () => fail('JWKS_TIMEOUT', `did not answer within ${options.timeoutMs} ms`);
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/json, application/jwk-set+json' } });
  } catch (err) {
    if (signal.aborted) throw timedOut();
    const cause = (err as { cause?: { code?: unknown } }).cause;
    throw fail('JWKS_UNREACHABLE', `could not be reached${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`);
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    const redirect = res.status >= 300 && res.status < 400 ? '; redirects are not followed, give the final URL' : '';
    throw fail('JWKS_HTTP_ERROR', `answered HTTP ${res.status} instead of 200${redirect}`);
  }
  let text: string;
  try {
    text = await readCapped(res, options.maxBytes);
  } catch (err) {
    if (err instanceof JwksFailure) throw fail(err.code, err.message);
    if (signal.aborted) throw timedOut();
    throw fail('JWKS_UNREACHABLE', 'broke off while sending its answer');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('JWKS_NOT_JSON', `did not answer JSON (it began ${JSON.stringify(text.slice(0, 40))})`);
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!json || typeof json !== 'object' || !Array.isArray(keys) || !keys.every((k) => k && typeof k === 'object' && !Array.isArray(k))) {
    throw fail('JWKS_INVALID', 'answered JSON that is not a JSON Web Key Set: expected {"keys":[{"kty":"RSA","kid":"...","n":"...","e":"AQAB"}, ...]}');
  }
  return keys as JWK[];
}

/** The body as text, refusing (and no longer reading) one larger than `maxBytes`. */
async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new JwksFailure('JWKS_TOO_LARGE', `answered ${declared} bytes; at most ${maxBytes} are read`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new JwksFailure('JWKS_TOO_LARGE', `answered more than ${maxBytes} bytes; at most that many are read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
