import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LiveFeed, LiveMessage } from './liveFeed.ts';

export const LIVE_PATH = '/__sim/v1/live';

/**
 * Unsent bytes a live socket may have queued (its page stopped reading: a frozen tab, a paused
 * debugger) before it is cut. The pages reconnect on their own and re-fetch what changed.
 */
export const LIVE_BUFFER_MAX_BYTES = 4 * 1024 * 1024;

export interface LiveSocket {
  readonly clientCount: number;
  /** Close every socket (1001 "going away") and stop accepting new ones. */
  close(): void;
}

/**
 * The live feed as a WebSocket on the simulator's own HTTP(S) server: every upgrade to
 * `/__sim/v1/live` gets `{"type":"hello"}`, then one JSON text message per change notice.
 * Upgrades to any other path are refused with 404, and those `refuse` names (a foreign Host or
 * Origin, a missing control token) with its status. Messages from the page are ignored. A socket
 * whose page stopped reading is cut once `maxBufferedBytes` wait unsent.
 */
export function attachLiveSocket(
  server: Server,
  feed: LiveFeed,
  refuse: (req: IncomingMessage) => { status: number; body: unknown } | undefined = () => undefined,
  maxBufferedBytes = LIVE_BUFFER_MAX_BYTES,
): LiveSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const clients = new Set<WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== LIVE_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n[miaw-sim] WebSocket upgrades are served at /__sim/v1/live only.\n');
      return;
    }
    const refusal = refuse(req);
    if (refusal) {
      const body = JSON.stringify(refusal.body);
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      const send = (message: LiveMessage) => {
        if (ws.readyState !== ws.OPEN) return;
        // Without this a page that never reads would hold every notice since, in this process's memory.
        if (ws.bufferedAmount > maxBufferedBytes) return ws.terminate();
        ws.send(JSON.stringify(message));
      };
      const unsubscribe = feed.subscribe(send);
      ws.on('close', () => {
        unsubscribe();
        clients.delete(ws);
      });
      ws.on('error', () => ws.terminate());
      send({ type: 'hello', version: 1 });
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    get clientCount() {
      return clients.size;
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of clients) ws.close(1001, 'simulator stopping');
      // A peer that does not answer the close handshake is cut off.
      setTimeout(() => {
        for (const ws of clients) ws.terminate();
      }, 500).unref();
      wss.close();
    },
  };
}
