import { nodeHttpStreamFetch } from './nodeHttpStream.ts';
import { nodeHttpTransport } from './nodeHttpTransport.ts';
import type { StreamFetch } from './streamTypes.ts';
import type { FetchFn, Transport } from './transportTypes.ts';

/**
 * The global `fetch` as Node set it up, taken when this module loads: a test or a host application
 * that replaces `globalThis.fetch` later (a stub, a mock, a proxying wrapper) is noticed by identity.
 */
const NODE_FETCH: FetchFn = globalThis.fetch;
/** Where undici keeps its global dispatcher (`setGlobalDispatcher`), in Node's bundled copy and the npm package alike. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Ports `fetch` refuses ("bad port", the Fetch standard's list, as Node 20's undici has it): a
 * messaging URL on one of them stays on `fetch`, so it fails as it always did.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
  161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045,
  4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Which transport a request goes over: `node-http` (a keep-alive node:http agent) or `fetch`. */
export type TransportKind = 'node-http' | 'fetch';

/** `fetch` as a transport: the request, then its whole body, under the request's signal. */
export function fetchTransport(fetchFn: FetchFn): Transport {
  return async (req) => {
    const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal });
    return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text() };
  };
}

/** Plain `http:` to this machine (127.0.0.1, [::1], localhost), no credentials in the URL, on a port `fetch` would use. */
export function isPlainLoopback(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname) && !u.username && !u.password && !BAD_PORTS.has(Number(u.port || 80));
}

/** The dispatcher Node's own fetch created (a plain `Agent`), once seen: any other one set later reroutes fetch. */
let nodeDispatcher: object | undefined;

/**
 * Whether undici's global dispatcher is still Node's own: unset, or the first plain `Agent` seen there.
 * A `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, `RetryAgent`, a composed dispatcher, or a second
 * `Agent` replacing the first, means the host application routes fetch its own way.
 */
export function defaultDispatcher(): boolean {
  const current = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  if (current === undefined) return true;
  if (typeof current !== 'object' || current === null) return false;
  if (nodeDispatcher === undefined && current.constructor?.name === 'Agent') nodeDispatcher = current;
  return current === nodeDispatcher;
}

/**
 * Which transport a request to `url` takes now. node:http only where it cannot differ from what
 * `fetch` would do: plain http to loopback on a port fetch allows, the caller gave no fetch of its
 * own, `globalThis.fetch` is Node's (not stubbed or replaced) and no rerouting dispatcher is set.
 * Everything else (https, another host, a given or replaced fetch, a proxy or mock) stays on fetch.
 */
export function transportKind(url: string, given?: FetchFn): TransportKind {
  return !given && fetchUntouched() && isPlainLoopback(url) ? 'node-http' : 'fetch';
}

/** `globalThis.fetch` is Node's and goes through Node's own dispatcher. */
const fetchUntouched = (): boolean => globalThis.fetch === NODE_FETCH && defaultDispatcher();

/**
 * The transport of a client whose requests all go under `baseUrl`: `fetch` (the one given, else the
 * global one as it is now), or the keep-alive node:http agent where `transportKind` allows it,
 * checked again on each request (a fetch stubbed or a dispatcher set later switches back to fetch).
 * Measured on loopback: ~290 µs of CPU per POST over node:http against ~820 µs through fetch.
 */
export function chooseTransport(baseUrl: string, given?: FetchFn): Transport {
  const viaFetch = fetchTransport(given ?? globalThis.fetch);
  return overNodeHttpWhereSame(baseUrl, given, viaFetch, () => nodeHttpTransport(viaFetch));
}

/**
 * The event stream's GET (eventsource-client's fetch), decided as `chooseTransport` decides: the
 * node:http stream (client/nodeHttpStream.ts) where `transportKind` allows it, checked on each
 * connect, else `fetch` (the one given, else the global one as it is now).
 */
export function chooseStreamFetch(baseUrl: string, given?: FetchFn): StreamFetch {
  const viaFetch: StreamFetch = given ?? globalThis.fetch;
  return overNodeHttpWhereSame(baseUrl, given, viaFetch, () => nodeHttpStreamFetch(viaFetch));
}

/** The one decision for both: `viaFetch` unless `baseUrl` is plain loopback and fetch is Node's own, then node:http while it stays so. */
function overNodeHttpWhereSame<A extends unknown[], R>(baseUrl: string, given: FetchFn | undefined, viaFetch: (...args: A) => R, nodeHttp: () => (...args: A) => R): (...args: A) => R {
  if (given || globalThis.fetch !== NODE_FETCH || !isPlainLoopback(baseUrl)) return viaFetch;
  const viaNodeHttp = nodeHttp();
  return (...args) => (fetchUntouched() ? viaNodeHttp(...args) : viaFetch(...args));
}
