import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useSim } from '../helpers/sim.ts';

/** Send raw bytes, read until the server closes: the status line, the headers and the body. */
function raw(url: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

/**
 * What Node's HTTP parser refuses before any route sees it (headers past its limit, a request that
 * is not HTTP) is answered in the API's error shape, JSON, as every other refusal: a client that
 * reads the body of a 4xx must not meet an empty one.
 */
describe('requests the HTTP parser refuses', () => {
  const t = useSim();

  it('headers larger than the limit: 431 with a JSON body naming the limit', async () => {
    const r = await raw(t.sim.url, `GET /__sim/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(r.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(r.body)).toEqual({ code: '431', errorCode: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/^\[miaw-sim\] The request headers are larger than the \d+ bytes taken/) });
  });

  it('a request that is not HTTP: 400 with a JSON body', async () => {
    const r = await raw(t.sim.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ code: '400', errorCode: 'BAD_HTTP_REQUEST' });
  });

  it('still answers the next request on a new connection', async () => {
    await raw(t.sim.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect((await fetch(`${t.sim.url}/__sim/v1/health`)).status).toBe(200);
  });
});
