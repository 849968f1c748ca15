import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageError } from '../../client/errors.ts';
import { MiawApi } from '../../client/miawApi.ts';
import { nodeHttpTransport } from '../../client/nodeHttpTransport.ts';
import { fetchTransport } from '../../client/transport.ts';
import type { Transport, TransportRequest } from '../../client/transportTypes.ts';

/**
 * The same requests through fetch and through the node:http transport, against a server that
 * answers with what it received (method, path, raw headers in order, body): what is sent, what is
 * read back and how each failure reads must not differ.
 */
const BODY = '{"text":"héllo ✓"}';
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, received: string) => void> = {
  '/gzip': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(BODY)),
  '/deflate': (_q, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(BODY)),
  '/deflate-raw': (_q, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync(BODY)),
  '/br': (_q, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(BODY)),
  '/gzip-twice': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip, gzip' }).end(gzipSync(gzipSync(BODY))),
  '/gzip-truncated': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(BODY).subarray(0, 16)),
  '/not-gzip': (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('plain words'),
  '/unknown-coding': (_q, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end(BODY),
  '/bom': (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`\ufeff${BODY}`),
  '/bad-utf8': (_q, res) => res.end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
  '/no-content': (_q, res) => res.writeHead(204).end(),
  '/busy': (_q, res) => res.writeHead(503, [['Retry-After', '7'], ['X-Twice', 'a'], ['X-Twice', 'b'], ['Content-Type', 'application/json']]).end('{"message":"busy"}'),
  '/redirect': (_q, res) => res.writeHead(307, { location: '/echo' }).end(),
  '/redirect-301': (_q, res) => res.writeHead(301, { location: '/echo' }).end(),
  '/redirect-302': (_q, res) => res.writeHead(302, { location: '/echo?from=302' }).end('moved'),
  '/redirect-303': (_q, res) => res.writeHead(303, { location: '/echo' }).end(),
  '/redirect-308': (_q, res) => res.writeHead(308, { location: '/echo' }).end(),
  // Another origin (localhost, not 127.0.0.1): fetch drops the credentials on the way.
  '/redirect-elsewhere': (req, res) => res.writeHead(307, { location: `http://localhost:${req.socket.localPort}/echo` }).end(),
  '/redirect-without-location': (_q, res) => res.writeHead(302, { 'content-type': 'text/plain' }).end('nowhere to go'),
  '/multiple-choices': (_q, res) => res.writeHead(300, { location: '/echo' }).end('choose'),
  '/close': (req) => req.socket.destroy(),
  '/cut-mid-body': (req, res) => {
    res.writeHead(200, { 'content-length': '100' }).write('{"partial":');
    setImmediate(() => req.socket.destroy());
  },
  '/stall-mid-body': (_q, res) => res.writeHead(200, { 'content-length': '100' }).write('{"partial":'),
  '/no-answer': () => {},
};

/** Requests the server received, per path (a redirect must not make the client send one twice). */
const hits = new Map<string, number>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    let received = '';
    req.setEncoding('utf8').on('data', (c: string) => (received += c));
    req.on('end', () => {
      const route = routes[req.url ?? ''];
      if (route) return route(req, res, received);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: received }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const viaFetch = fetchTransport(fetch);
const viaNodeHttp = nodeHttpTransport(viaFetch);

/** What a transport made of a request: the response as the client reads it, or the failure as describeNetworkFailure sees it. */
async function outcome(transport: Transport, req: Omit<TransportRequest, 'url' | 'signal'> & { path: string; timeoutMs?: number }) {
  try {
    const res = await transport({ ...req, url: base + req.path, signal: AbortSignal.timeout(req.timeoutMs ?? 5_000) });
    const headers = Object.fromEntries(['content-type', 'retry-after', 'x-twice', 'Retry-After', 'content-encoding'].map((h) => [h, res.headers.get(h)]));
    return { status: res.status, ok: res.ok, text: res.text, headers, hasRetryAfter: res.headers.has('RETRY-AFTER') };
  } catch (err) {
    const e = err as Error & { code?: unknown; cause?: Error & { code?: unknown } };
    return { failed: e.constructor.name, name: e.name, message: e.message, code: e.code, cause: e.cause && { name: e.cause.name, message: e.cause.message, code: e.cause.code } };
  }
}

const clientHeaders = { Accept: 'application/json', 'User-Agent': 'miaw-handoff-client', 'Content-Type': 'application/json', Authorization: 'Bearer abc.def' };
const requests: Array<[string, Omit<TransportRequest, 'url' | 'signal'> & { path: string; timeoutMs?: number }]> = [
  ['a POST with a JSON body and a token', { path: '/echo', method: 'POST', headers: clientHeaders, body: BODY }],
  ['a DELETE without a body', { path: '/echo?esDeveloperName=a%20b', method: 'DELETE', headers: { Accept: 'application/json', Authorization: 'Bearer x' } }],
  ['a GET with no headers of its own', { path: '/echo', method: 'GET', headers: {} }],
  ['a POST without a body', { path: '/echo', method: 'POST', headers: { Accept: 'application/json' } }],
  ['a PATCH with a form body', { path: '/echo', method: 'PATCH', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=%C3%A9' }],
  ...Object.keys(routes)
    .filter((path) => !path.includes('stall') && path !== '/no-answer')
    .map((path): [string, { path: string; method: 'POST'; headers: Record<string, string>; body: string }] => [`the server's ${path.slice(1)}`, { path, method: 'POST', headers: clientHeaders, body: BODY }]),
  ['a stall mid-body, past the timeout', { path: '/stall-mid-body', method: 'GET', headers: {}, timeoutMs: 150 }],
  ['no answer within the timeout', { path: '/no-answer', method: 'GET', headers: {}, timeoutMs: 150 }],
];

describe('fetch and the node:http transport, request for request', () => {
  it.each(requests)('%s: the same bytes sent, the same result read', async (_what, req) => {
    const fromFetch = await outcome(viaFetch, req);
    const fromNodeHttp = await outcome(viaNodeHttp, req);
    expect(fromNodeHttp).toEqual(fromFetch);
  });

  it('sends the headers undici adds, in its order (the echo is what the server received)', async () => {
    const res = await outcome(viaNodeHttp, requests[0]![1]);
    const { rawHeaders } = JSON.parse((res as { text: string }).text) as { rawHeaders: string[] };
    expect(rawHeaders.filter((_, i) => i % 2 === 0)).toEqual(['host', 'connection', ...Object.keys(clientHeaders), 'accept-language', 'sec-fetch-mode', 'accept-encoding', 'content-length']);
    expect(rawHeaders).toContain('gzip, deflate');
  });

  it('reads compressed and BOM-led bodies as text, and names a body that is not what its encoding says', async () => {
    for (const path of ['/gzip', '/deflate', '/deflate-raw', '/br', '/gzip-twice', '/bom']) expect(await outcome(viaNodeHttp, { path, method: 'GET', headers: {} })).toMatchObject({ text: BODY });
    expect(await outcome(viaNodeHttp, { path: '/not-gzip', method: 'GET', headers: {} })).toMatchObject({ failed: 'TypeError', message: 'terminated', cause: { code: 'Z_DATA_ERROR' } });
  });

  it('fails as fetch does: refused, closed before answering, cut mid-body, timed out', async () => {
    expect(await outcome(viaNodeHttp, { path: '/close', method: 'GET', headers: {} })).toMatchObject({ message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
    expect(await outcome(viaNodeHttp, { path: '/cut-mid-body', method: 'GET', headers: {} })).toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET' } });
    expect(await outcome(viaNodeHttp, { path: '/no-answer', method: 'GET', headers: {}, timeoutMs: 100 })).toMatchObject({ failed: 'DOMException', name: 'TimeoutError' });
  });

  it('follows a redirect as fetch does (307 keeps the POST, 303 makes it a GET), the next hop through fetch', async () => {
    const kept = await outcome(viaNodeHttp, { path: '/redirect', method: 'POST', headers: {}, body: BODY });
    expect(JSON.parse((kept as { text: string }).text)).toMatchObject({ method: 'POST', url: '/echo', body: BODY });
    const changed = await outcome(viaNodeHttp, { path: '/redirect-303', method: 'POST', headers: clientHeaders, body: BODY });
    const echo = JSON.parse((changed as { text: string }).text) as { method: string; body: string; rawHeaders: string[] };
    expect(echo).toMatchObject({ method: 'GET', body: '' });
    expect(echo.rawHeaders.map((h) => h.toLowerCase())).not.toContain('content-type');
  });

  it.each(['/redirect', '/redirect-302', '/redirect-303', '/redirect-elsewhere'])('%s: the request reaches where it was redirected from once, and its target once', async (path) => {
    hits.clear();
    await outcome(viaNodeHttp, { path, method: 'POST', headers: clientHeaders, body: BODY });
    expect([hits.get(path), hits.get('/echo')]).toEqual([1, 1]);
  });
});

describe('MiawApi over either transport', () => {
  const call = (transport: Transport, path: string, timeoutMs = 5_000) =>
    new MiawApi(base, transport, timeoutMs).request({ step: 'send-transcript', error: SendMessageError, method: 'POST', path, token: 'abc', body: { text: 'hi' } }).then(
      (ok) => ok,
      (err: SendMessageError) => ({ error: err.constructor.name, message: err.message, retryable: err.retryable, status: err.status, retryAfterSeconds: err.retryAfterSeconds }),
    );

  it.each(['/echo', '/busy', '/close', '/cut-mid-body', '/gzip'])('%s: the same result or the same error', async (path) => {
    expect(await call(viaNodeHttp, path)).toEqual(await call(viaFetch, path));
  });

  it('a server that stalls mid-body is a named, retryable failure on both, not a hang', async () => {
    for (const transport of [viaFetch, viaNodeHttp]) {
      expect(await call(transport, '/stall-mid-body', 150)).toEqual({
        error: 'SendMessageError',
        message: expect.stringContaining('POST /stall-mid-body failed: no answer within 150 ms'),
        retryable: true,
        status: undefined,
        retryAfterSeconds: undefined,
      });
    }
  });

  it('a 503 keeps its status and Retry-After', async () => {
    expect(await call(viaNodeHttp, '/busy')).toMatchObject({ status: 503, retryable: true, retryAfterSeconds: 7 });
  });
});
