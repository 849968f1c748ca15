/** What the client's requests go through: the global `fetch` (undici) or one a caller gives. */
export type FetchFn = typeof fetch;

/** One request of the client's REST calls, as either transport sends it. */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** JSON text, or a multipart form (Send File: fetch writes its boundary and parts). */
  body?: string | FormData;
  /** Ends the whole exchange, the response body included: the transport rejects with its reason (the timeout's TimeoutError). */
  signal: AbortSignal;
}

/** Response header access, as `Headers` gives it (names in any case; repeated headers joined with ", "). */
export interface TransportHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** A response read to the end: its body decoded (gzip, deflate, br) and read as UTF-8 text, a leading BOM dropped. */
export interface TransportResponse {
  status: number;
  ok: boolean;
  headers: TransportHeaders;
  text: string;
}

/**
 * Sends a request and reads its response to the end. Fails as `fetch` does, whichever transport it
 * is: no response is a TypeError "fetch failed" with the cause (`ECONNREFUSED`, `UND_ERR_SOCKET`...),
 * a body cut short a TypeError "terminated", and the signal's abort rejects with the signal's reason.
 */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;
