import { Agent, request, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { codingsToUndo, hasZlibHeader, ZLIB_SYNC_FLUSH, type ContentCoding } from './contentCodings.ts';
import type { Transport, TransportHeaders, TransportRequest, TransportResponse } from './transportTypes.ts';

/**
 * How long an idle keep-alive socket is kept: below Node's server default (5 s), so a socket the
 * server is about to close is not picked for the next request.
 */
const IDLE_MS = 4_000;
/** Free sockets are unref'd by the agent: an idle connection keeps no process alive. */
let agent: Agent | undefined;
export const keepAliveAgent = (): Agent => (agent ??= new Agent({ keepAlive: true, timeout: IDLE_MS }));

/** Statuses whose response has no body (fetch decodes none). */
export const NULL_BODY = new Set([101, 204, 205, 304]);

/** undici's error for a connection the server closed: the same cause, code and words reach `describeNetworkFailure`. */
class SocketError extends Error {
  readonly code = 'UND_ERR_SOCKET';
  constructor() {
    super('other side closed');
    this.name = 'SocketError';
  }
}

/**
 * A request over a keep-alive node:http agent that the client cannot tell from `fetch`: the same
 * request bytes (the headers undici adds, in its order), the same errors (TypeError "fetch failed"
 * or "terminated" with undici's cause, the signal's reason on abort), gzip/deflate/br decoding and
 * a BOM dropped as `res.text()` does. A redirect is followed as fetch follows it, the next hop on
 * `redirects` (fetch), never by sending the request again; a multipart form (Send File) goes to
 * fetch whole, which encodes it.
 */
export function nodeHttpTransport(redirects: Transport): Transport {
  return (req) => {
    const { body } = req;
    if (typeof body === 'object') return redirects(req);
    if (req.signal.aborted) return Promise.reject(req.signal.reason);
    return new Promise<TransportResponse>((resolve, reject) => {
      const url = new URL(req.url);
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        fn();
      };
      let gotHead = false;
      const fail = (err: Error) => settle(() => reject(req.signal.aborted ? req.signal.reason : fetchError(err, gotHead)));
      const outgoing = request({
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || 80,
        path: url.pathname + url.search,
        method: req.method,
        headers: fetchHeaders(url, req, body),
        agent: keepAliveAgent(),
      });
      const onAbort = () => {
        settle(() => reject(req.signal.reason));
        outgoing.destroy();
      };
      req.signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      outgoing.on('response', (res) => {
        gotHead = true;
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECT_STATUSES.has(status) && location !== undefined) {
          res.resume();
          settle(() => resolve(followRedirect(req, status, location, redirects)));
          return;
        }
        readText(res, req.method).then((text) => settle(() => resolve({ status, ok: status >= 200 && status < 300, headers: headersOf(res), text })), fail);
      });
      outgoing.end(body);
    });
  };
}

/**
 * The request's headers as undici sends them: host and connection first, the caller's in order, then
 * what fetch adds (with `noStore`, fetch's `cache: 'no-store'`: pragma and cache-control).
 */
export function fetchHeaders(url: URL, req: Pick<TransportRequest, 'headers' | 'method'>, body: string | undefined, noStore = false): string[] {
  const out = ['host', url.host, 'connection', 'keep-alive'];
  const given = new Set<string>();
  for (const [name, value] of Object.entries(req.headers)) {
    out.push(name, value);
    given.add(name.toLowerCase());
  }
  const unlessGiven = (name: string, value: string) => given.has(name) || out.push(name, value);
  unlessGiven('accept', '*/*');
  unlessGiven('accept-language', '*');
  unlessGiven('sec-fetch-mode', 'cors');
  unlessGiven('user-agent', 'node');
  if (noStore) {
    unlessGiven('pragma', 'no-cache');
    unlessGiven('cache-control', 'no-cache');
  }
  unlessGiven('accept-encoding', 'gzip, deflate');
  if (body !== undefined) out.push('content-length', String(Buffer.byteLength(body)));
  else if (req.method === 'POST' || req.method === 'PATCH') out.push('content-length', '0');
  return out;
}

/** The body, decoded as undici decodes it (content codings undone last-applied first; an unknown one leaves it as sent), as UTF-8 text. */
async function readText(res: IncomingMessage, method: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  let body: Buffer = Buffer.concat(chunks);
  const codings = method === 'HEAD' || NULL_BODY.has(res.statusCode ?? 0) ? [] : codingsToUndo(res.headers['content-encoding']);
  for (const coding of codings) body = DECODE[coding](body);
  return new TextDecoder().decode(body);
}

/** Each coding undone on a whole body. */
const DECODE: Record<ContentCoding, (body: Buffer) => Buffer> = {
  gzip: (body) => gunzipSync(body, ZLIB_SYNC_FLUSH),
  deflate: (body) => (hasZlibHeader(body[0]!) ? inflateSync(body, ZLIB_SYNC_FLUSH) : inflateRawSync(body, ZLIB_SYNC_FLUSH)),
  br: (body) => brotliDecompressSync(body),
};

/** Response headers as `Headers` reads them: any case, a repeated header's values joined with ", " (node:http drops some repeats). */
function headersOf(res: IncomingMessage): TransportHeaders {
  const joined = new Map<string, string>();
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i]!.toLowerCase();
    const value = res.rawHeaders[i + 1]!;
    const before = joined.get(name);
    joined.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { get: (name) => joined.get(name.toLowerCase()) ?? null, has: (name) => joined.has(name.toLowerCase()) };
}

/** A node:http failure as fetch reports it: "fetch failed" before the response head, "terminated" after it, with undici's cause. */
export function fetchError(err: Error & { code?: string }, afterHead: boolean): TypeError {
  const closed = err.code === 'ECONNRESET' && (err.message === 'socket hang up' || err.message === 'aborted');
  return new TypeError(afterHead ? 'terminated' : 'fetch failed', { cause: closed ? new SocketError() : err });
}

/** The statuses fetch follows (with a Location); any other 3xx is answered as it is, as fetch does. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body: dropped with the body when a redirect turns the request into a GET (Fetch standard). */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);
/** Headers fetch drops when a redirect leaves the origin (undici's httpRedirectFetch). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'host']);

/**
 * The next hop of a redirect, as fetch's own "HTTP-redirect fetch" makes it: a 301/302 POST or a
 * 303 (not GET/HEAD) becomes a GET without its body, a hop to another origin loses the credentials,
 * and fetch takes it from there (further hops included). The request is not sent again to where it
 * was redirected from.
 */
function followRedirect(req: TransportRequest, status: number, location: string, viaFetch: Transport): Promise<TransportResponse> {
  let next: TransportRequest;
  try {
    next = redirectHop(req, status, location);
  } catch (err) {
    return Promise.reject(err);
  }
  return viaFetch(next);
}

/** The request fetch sends next for a redirect (see `followRedirect`); a Location that is no URL throws fetch's TypeError. */
export function redirectHop<R extends Pick<TransportRequest, 'url' | 'method' | 'headers' | 'body'>>(req: R, status: number, location: string): R {
  let next: URL;
  try {
    next = new URL(location, req.url);
  } catch (cause) {
    throw new TypeError('fetch failed', { cause });
  }
  const toGet = ((status === 301 || status === 302) && req.method === 'POST') || (status === 303 && req.method !== 'GET');
  const crossOrigin = next.origin !== new URL(req.url).origin;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if ((toGet && BODY_HEADERS.has(lower)) || (crossOrigin && CREDENTIAL_HEADERS.has(lower))) continue;
    headers[name] = value;
  }
  return { ...req, url: next.href, method: toGet ? 'GET' : req.method, headers, body: toGet ? undefined : req.body };
}
