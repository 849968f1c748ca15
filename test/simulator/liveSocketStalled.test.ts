import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveFeed } from '../../simulator/events/liveFeed.ts';
import { attachLiveSocket, LIVE_PATH, type LiveSocket } from '../../simulator/events/liveSocket.ts';

/**
 * A live-feed page that stops reading (a frozen tab) had every notice since queued in the
 * simulator's memory, without end. It is cut once a bounded amount waits unsent; one that reads
 * stays.
 */
describe('live socket whose page stopped reading', () => {
  let server: Server | undefined;
  let live: LiveSocket | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    live?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  /** A WebSocket upgrade by hand: after the handshake and hello, the socket reads on only when `reading`. */
  const openRaw = (port: number, reading: boolean) =>
    new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.write(`GET ${LIVE_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      socket.once('data', () => {
        if (!reading) socket.pause();
        else socket.on('data', () => undefined);
        resolve(socket);
      });
    });

  it('cuts the stalled socket once more than the cap waits unsent, and keeps the one that reads', async () => {
    const feed = new LiveFeed();
    server = createServer();
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    live = attachLiveSocket(server, feed, undefined, 256 * 1024);
    const { port } = server.address() as AddressInfo;
    await openRaw(port, false);
    await openRaw(port, true);
    await expect.poll(() => live!.clientCount).toBe(2);

    // Far more than the kernel's socket buffers hold: the stalled socket's queue must pass the cap.
    for (let round = 0; round < 400 && live.clientCount === 2; round++) {
      for (let i = 0; i < 1000; i++) feed.publish({ type: 'journal', seq: round * 1000 + i, conversationId: 'c'.repeat(36) });
      await new Promise((next) => setImmediate(next));
    }
    await expect.poll(() => live!.clientCount).toBe(1);
    expect(feed.listenerCount).toBe(1);
  });
});
