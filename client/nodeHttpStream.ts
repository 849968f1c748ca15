import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { codingsToUndo, hasZlibHeader, ZLIB_SYNC_FLUSH, type ContentCoding } from './contentCodings.ts';
import { fetchError, fetchHeaders, keepAliveAgent, NULL_BODY, REDIRECT_STATUSES, redirectHop } from './nodeHttpTransport.ts';
import type { StreamFetch, StreamResponse } from './streamTypes.ts';

/**
 * The event stream's GET over the keep-alive node:http agent, as `fetch` would send it and as the
 * stream reads `fetch`'s answer: the same request bytes (fetch's headers in its order, `cache:
 * 'no-store'`'s pragma and cache-control included), a web `ReadableStream` body fed from the
 * socket as bytes arrive (decoded as undici decodes it), and fetch's failures: the signal's reason
 * on abort (before or after the head), "fetch failed" with undici's cause before the head,
 * "terminated" for a connection cut mid-body. Cancelling the body or aborting closes the socket
 * unless the response was complete. Anything but a plain GET with a header record, and every hop
 * after a redirect, goes to `viaFetch`.
 */
export function nodeHttpStreamFetch(viaFetch: StreamFetch): StreamFetch {
  return (input, init) => {
    const headers = init.headers;
    const plain = (init.method ?? 'GET') === 'GET' && init.body == null && (init.redirect ?? 'follow') === 'follow';
    if (!plain || typeof headers !== 'object' || headers === null || Array.isArray(headers) || headers instanceof Headers) return viaFetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const url = new URL(String(input));
    const given = headers as Record<string, string>;
    return new Promise<StreamResponse>((resolve, reject) => {
      let gotHead = false;
      const outgoing = request({
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || 80,
        path: url.pathname + url.search,
        method: 'GET',
        headers: fetchHeaders(url, { method: 'GET', headers: given }, undefined, init.cache === 'no-store'),
        agent: keepAliveAgent(),
      });
      const onAbort = () => {
        outgoing.destroy();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (err) => {
        if (gotHead) return; // the body reports it
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? signal.reason : fetchError(err, false));
      });
      outgoing.on('response', (res) => {
        gotHead = true;
        signal?.removeEventListener('abort', onAbort);
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECT_STATUSES.has(status) && location !== undefined) {
          res.resume();
          resolve(nextHop(viaFetch, { url: url.href, method: 'GET', headers: given, body: undefined }, status, location, init));
          return;
        }
        const body = NULL_BODY.has(status) ? null : bodyOf(res, outgoing, signal);
        if (!body) res.resume();
        resolve({ status, url: url.href, redirected: false, body, text: () => new Response(body).text() });
      });
      outgoing.end();
    });
  };
}

/** A redirect's next hop through fetch, as fetch's own redirect step makes it: the response says it was redirected. */
async function nextHop(viaFetch: StreamFetch, req: Parameters<typeof redirectHop>[0], status: number, location: string, init: RequestInit): Promise<StreamResponse> {
  const hop = redirectHop(req, status, location);
  const res = await viaFetch(hop.url, { ...init, headers: hop.headers });
  return { status: res.status, url: res.url, redirected: true, body: res.body, text: () => res.text() };
}

/**
 * The response body as a web stream, read from the socket as the stream's reader asks for it. It
 * ends when the response does, errors as fetch's body does (the signal's reason on abort,
 * "terminated" for a cut connection, the decoder's error for a bad coding), and closes the socket
 * when cancelled or aborted before the response was complete.
 */
function bodyOf(res: IncomingMessage, outgoing: ClientRequest, signal: AbortSignal | undefined): ReadableStream<Uint8Array<ArrayBuffer>> {
  const source = decoded(res);
  let finished = false;
  let controller!: ReadableStreamDefaultController<Uint8Array<ArrayBuffer>>;
  const stop = () => {
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    if (!res.complete) outgoing.destroy();
    else res.resume();
  };
  const fail = (err: unknown) => {
    if (finished) return;
    stop();
    controller.error(err);
  };
  const onAbort = () => fail(signal!.reason);
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(c) {
      controller = c;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      source.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.on('end', () => {
        if (finished) return;
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        controller.close();
      });
      source.on('error', (err: Error & { code?: string }) => fail(err.code?.startsWith('Z_') ? err : fetchError(err, true)));
      // A connection cut mid-body: node:http closes the response without an error of its own on some paths.
      res.on('close', () => !res.complete && fail(signal?.aborted ? signal.reason : fetchError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), true)));
    },
    pull() {
      source.resume();
    },
    cancel() {
      if (!finished) stop();
    },
  });
}

/** Each coding undone as the body streams. */
const DECODER: Record<ContentCoding, () => Transform> = {
  gzip: () => createGunzip(ZLIB_SYNC_FLUSH),
  deflate: () => inflater(),
  br: () => createBrotliDecompress(),
};

/** The body with its content codings undone as undici undoes them (last applied first; an unknown coding leaves it as sent). */
function decoded(res: IncomingMessage): Readable {
  const decoders = codingsToUndo(res.headers['content-encoding']).map((coding) => DECODER[coding]());
  if (decoders.length === 0) return res;
  pipeline([res, ...decoders], () => {}); // errors reach the last decoder, which the body listens on
  return decoders.at(-1)!;
}

/** Deflate with the zlib header (RFC 1950) or without it (raw), told by the first byte (`hasZlibHeader`). */
function inflater(): Transform {
  let inner: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        inner = hasZlibHeader(chunk[0]!) ? createInflate(ZLIB_SYNC_FLUSH) : createInflateRaw(ZLIB_SYNC_FLUSH);
        inner.on('data', (out: Buffer) => this.push(out));
        inner.on('error', (err) => this.destroy(err));
      }
      inner.write(chunk, () => done());
    },
    flush(done) {
      if (!inner) return done();
      inner.once('end', () => done());
      inner.end();
    },
  });
}
