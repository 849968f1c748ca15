import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../simulator/server/app.ts';
import { listenOn } from '../helpers/bothPaths.ts';
import { call, getGuestToken, useSim } from '../helpers/sim.ts';

// Found by the differential fuzzer (laneFuzz.test.ts): an event stream opened by a GET that carries
// a body nobody reads. Unread, the body filled the socket's buffer and node stopped reading it, so
// the client's going away went unseen: the connection and its subscription stayed until a ping
// failed to write (25 s). On both paths, the node:http lane and express.

const suite = useSim();
let expressOnly: Awaited<ReturnType<typeof listenOn>>;
beforeAll(async () => {
  expressOnly = await listenOn(createApp(suite.ctx));
});
afterAll(() => expressOnly.close());

const openStreams = async (): Promise<number> => (await call(suite.sim, 'GET', '/__sim/v1/health')).body.openStreams;

/** Opens an event stream whose request carries `bodyBytes` of body, waits for its headers, and drops the connection. */
async function openAndDrop(base: string, token: string, bodyBytes: number): Promise<string> {
  const { hostname, port } = new URL(base);
  const body = 'x'.repeat(bodyBytes);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET /eventrouter/v1/sse HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nX-Org-Id: ${suite.sim.orgId}\r\nContent-Length: ${bodyBytes}\r\n\r\n${body}`);
    });
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.destroy();
      resolve(head.slice(0, head.indexOf('\r\n')));
    });
    socket.on('error', reject);
  });
}

describe('an event stream opened with a request body', () => {
  for (const path of ['lane', 'express'] as const) {
    it(`ends when its client goes away (${path})`, async () => {
      const { accessToken } = await getGuestToken(suite.sim);
      expect(await openStreams()).toBe(0);
      expect(await openAndDrop(path === 'lane' ? suite.sim.url : expressOnly.url, accessToken, 256 * 1024)).toBe('HTTP/1.1 200 OK');
      await expect.poll(openStreams, { timeout: 3000 }).toBe(0);
    });
  }
});
