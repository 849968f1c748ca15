/** What the event stream reads of a response: `fetch`'s `Response` has all of it, and so does the node:http stream's. */
export interface StreamResponse {
  status: number;
  /** The URL that answered (after redirects). */
  url: string;
  redirected: boolean;
  /** The body as it arrives, decoded (gzip, deflate, br); null for a 204 and the other bodiless statuses. */
  body: Response['body'];
  /** The whole body as UTF-8 text (a refusal's message). */
  text(): Promise<string>;
}

/** How the event stream sends its GET: `fetch` itself, or the node:http stream on plain loopback (client/transport.ts decides). */
export type StreamFetch = (url: string | URL, init: RequestInit) => Promise<StreamResponse>;
