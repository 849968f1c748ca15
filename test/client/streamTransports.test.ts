import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StreamError } from '../../client/errors.ts';
import { streamRepEvents } from '../../client/eventStream.ts';
import { chooseStreamFetch } from '../../client/transport.ts';
import type { RepEvent } from '../../client/types.ts';
import { requestsTo } from '../helpers/requestsTo.ts';

/**
 * The same event-stream scenarios through both transports (`chooseStreamFetch` on plain loopback:
 * node:http; with a fetch given: fetch) against a scripted server: what the server receives, what
 * the sink gets, how the stream reconnects and how it fails must not differ, and each run must
 * have gone over the transport it names (Node's HTTP and undici's diagnostics channels).
 */
const SSE = '/eventrouter/v1/sse';
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const frame = (id: number, event: string, data: string) => `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
const sse = (res: ServerResponse, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });

let server: Server;
let base: string;
/** The handler of each connect in turn (the last one repeats), and what each connect sent. */
let script: Handler[] = [];
let received: Array<{ url: string; rawHeaders: string[] }> = [];
/** What the sink of the running stream got so far (a handler may wait for it). */
let sinkTexts: string[] = [];
/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A loopback URL nothing listens on (a port just given back). */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const i = received.length;
    received.push({ url: req.url ?? '', rawHeaders: req.rawHeaders.map((h) => h.replace(/:\d+$/, ':PORT')) });
    if (req.url?.startsWith('/elsewhere')) return script.at(-1)!(req, res);
    script[Math.min(i, script.length - 1)]!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
});

type Kind = 'node-http' | 'fetch';

/** One stream over `kind` until it settles (or `until` holds, then closed): what the sink got, the tokens asked for, the failure. */
async function runStream(kind: Kind, handlers: Handler[], options: { maxReconnects?: number; readIdleMs?: number; until?: (texts: string[]) => boolean; url?: string } = {}) {
  script = handlers;
  received = [];
  const texts: string[] = (sinkTexts = []);
  const tokenCalls: Array<string | undefined> = [];
  let minted = 0;
  const seen = await requestsTo(options.url ?? base, async () => {
    const stream = streamRepEvents({
      messagingUrl: options.url ?? base,
      orgId: '00DSIM000000001XYZ',
      getToken: async (rejected) => {
        tokenCalls.push(rejected);
        return `token-${++minted}`;
      },
      lastEventId: '7',
      fetch: kind === 'node-http' ? chooseStreamFetch(base) : chooseStreamFetch(base, fetch),
      sink: { deliver: (e: RepEvent) => void (e.type === 'message' && texts.push(e.text)) },
      sleep: async () => {},
      reconnectBaseMs: 1,
      maxReconnects: options.maxReconnects ?? 3,
      readIdleMs: options.readIdleMs ?? 10_000,
      mapEvent: (event, data) => {
        if (event === 'end') return { identifier: data, events: [{ type: 'session-ended', conversationId: 'c', at: 0 }] };
        return { identifier: data, events: [{ type: 'message', conversationId: 'c', entryId: data, text: data } as RepEvent] };
      },
    });
    if (options.until) {
      await until(() => options.until!(texts));
      stream.close();
    }
    const error = await stream.done.then(
      () => undefined,
      (e: unknown) => (e instanceof StreamError ? { message: e.message, status: e.status, hint: e.hint, retryable: e.retryable, said: e.salesforceMessage } : { other: String(e) }),
    );
    return { texts, error, reconnects: stream.reconnects, stalls: stream.stalls, lastEventId: stream.lastEventId, tokenCalls, received: [...received] };
  });
  const undici = seen.undici.filter((path) => path.startsWith(SSE)).length;
  const nodeHttp = seen.nodeHttp.filter((path) => path.startsWith(SSE)).length;
  expect(kind === 'node-http' ? [undici, nodeHttp > 0] : [nodeHttp, undici > 0], `${kind}: the GETs went over ${kind}`).toEqual([0, true]);
  return seen.result;
}

/** Both transports, one after the other, on the same script: their outcomes, which must be equal. */
async function both(handlers: () => Handler[], options?: Parameters<typeof runStream>[2]) {
  const viaNodeHttp = await runStream('node-http', handlers(), options);
  const viaFetch = await runStream('fetch', handlers(), options);
  expect(viaNodeHttp).toEqual(viaFetch);
  return viaNodeHttp;
}

const ends: Handler = (_q, res) => void sse(res).end(frame(99, 'end', 'bye'));

describe('the event stream over node:http and over fetch', () => {
  it('sends the same request bytes, delivers the events in order and resumes with Last-Event-ID after the server ends the stream', async () => {
    const out = await both(() => [
      (_q, res) => void sse(res).end(frame(8, 'msg', 'one') + frame(9, 'msg', 'two')),
      (_q, res) => void sse(res).end(`: comment\n\n${frame(10, 'msg', 'three')}${frame(11, 'end', 'bye')}`),
    ]);
    expect(out.texts).toEqual(['one', 'two', 'three']);
    expect(out.received.map((r) => r.rawHeaders)).toEqual([
      ['host', '127.0.0.1:PORT', 'connection', 'keep-alive', 'Accept', 'text/event-stream', 'Last-Event-ID', '7', 'Authorization', 'Bearer token-1', 'X-Org-Id', '00DSIM000000001', 'accept-language', '*', 'sec-fetch-mode', 'cors', 'user-agent', 'node', 'pragma', 'no-cache', 'cache-control', 'no-cache', 'accept-encoding', 'gzip, deflate'],
      ['host', '127.0.0.1:PORT', 'connection', 'keep-alive', 'Accept', 'text/event-stream', 'Last-Event-ID', '9', 'Authorization', 'Bearer token-2', 'X-Org-Id', '00DSIM000000001', 'accept-language', '*', 'sec-fetch-mode', 'cors', 'user-agent', 'node', 'pragma', 'no-cache', 'cache-control', 'no-cache', 'accept-encoding', 'gzip, deflate'],
    ]);
    expect(out.reconnects).toBe(1);
  });

  it('asks for a re-minted token after a 401 and connects with it', async () => {
    const out = await both(() => [(_q, res) => void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"expired"}'), ends]);
    expect(out.tokenCalls).toEqual([undefined, 'token-1']);
    expect(out.received.map((r) => r.rawHeaders[r.rawHeaders.indexOf('Authorization') + 1])).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('reconnects after the socket is reset mid-event, never delivering the cut event twice or half', async () => {
    const out = await both(() => [
      (req, res) => {
        sse(res).write(frame(8, 'msg', 'one') + 'id: 9\nevent: msg\nda');
        // Reset once the client has read what came before (a reset may drop unread bytes).
        void until(() => sinkTexts.includes('one')).then(() => req.socket.resetAndDestroy());
      },
      (_q, res) => void sse(res).end(frame(9, 'msg', 'two') + frame(10, 'end', 'bye')),
    ]);
    expect(out.texts).toEqual(['one', 'two']);
    expect(out.received[1]!.rawHeaders).toContain('8');
  });

  it('gives up on a stream that sends nothing for the read-idle time and resumes', async () => {
    const out = await both(() => [(_q, res) => void sse(res).write(frame(8, 'msg', 'one')), ends], { readIdleMs: 500 });
    expect(out.texts).toEqual(['one']);
    expect(out.stalls).toBe(1);
  });

  it('fails alike when refused: a 403 at once, a 503 after the reconnects', async () => {
    const forbidden = await both(() => [(_q, res) => void res.writeHead(403).end('{"message":"no"}')]);
    expect(forbidden.error).toMatchObject({ status: 403, said: '{"message":"no"}', retryable: false });
    const busy = await both(() => [(_q, res) => void res.writeHead(503, { 'content-encoding': 'gzip' }).end(gzipSync('busy'))], { maxReconnects: 2 });
    expect(busy.error).toMatchObject({ status: 503, said: 'busy', message: expect.stringContaining('the event stream was refused and 2 reconnects failed (HTTP 503): busy') });
  });

  it('names the same network failure when nothing listens, and when the connection closes before the head', async () => {
    const closed = await both(() => [(req) => req.socket.destroy()], { maxReconnects: 1 });
    expect(closed.error).toMatchObject({ message: expect.stringMatching(/closed the connection before answering \(UND_ERR_SOCKET\)/) });
    const refused = await both(() => [ends], { maxReconnects: 1, url: await closedPort() });
    expect(refused.error).toMatchObject({ message: expect.stringMatching(/connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/) });
  });

  it('decodes a gzip stream and follows a redirect as fetch does', async () => {
    const zipped = await both(() => [(_q, res) => void sse(res, { 'content-encoding': 'gzip' }).end(gzipSync(frame(8, 'msg', 'zipped') + frame(9, 'end', 'bye')))]);
    expect(zipped.texts).toEqual(['zipped']);
    const moved = await both(() => [(_q, res) => void res.writeHead(307, { location: '/elsewhere/sse' }).end(), ends]);
    expect(moved.received.map((r) => r.url)).toEqual([SSE, '/elsewhere/sse']);
  });

  it('close() aborts the open request and frees its socket', async () => {
    for (const kind of ['node-http', 'fetch'] as const) {
      let streamSocket: Socket | undefined;
      const out = await runStream(kind, [(req, res) => void ((streamSocket = req.socket), sse(res).write(frame(8, 'msg', 'one')))], { until: (texts) => texts.length === 1 });
      expect(out.texts).toEqual(['one']);
      for (let i = 0; i < 200 && !streamSocket!.destroyed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(streamSocket!.destroyed, `${kind}: the stream's socket is closed`).toBe(true);
    }
  });
});
