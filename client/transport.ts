import type { FetchFn, Transport } from './transportTypes.ts';

/** `fetch` as a transport: the request, then its whole body, under the request's signal. */
export function fetchTransport(fetchFn: FetchFn): Transport {
  return async (req) => {
    const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal });
    return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text() };
  };
}
