import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const REACHES_LOOPBACK = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1']);

export interface LoopbackUrl {
  /** A plain-HTTP loopback URL of this simulator, for clients inside its own process. */
  url(): Promise<string>;
  close(): void;
}

/**
 * Where the simulator's in-process clients (the widget's handoff client) reach it. A plain listener
 * on a loopback or wildcard address is used as it is. Otherwise (TLS, whose certificate the
 * in-process client would have to trust, or one non-loopback interface) a second, plain-HTTP
 * listener on 127.0.0.1 and a free port is started the first time it is needed.
 */
export function loopbackUrl(app: RequestListener, host: string, port: number, tls: boolean): LoopbackUrl {
  if (!tls && REACHES_LOOPBACK.has(host)) {
    const url = host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
    return { url: async () => url, close: () => undefined };
  }
  let internal: Promise<{ server: Server; url: string }> | undefined;
  return {
    url: async () => {
      internal ??= new Promise((resolve, reject) => {
        const server = createServer(app);
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
      });
      return (await internal).url;
    },
    close: () => {
      void internal?.then(({ server }) => {
        server.close();
        server.closeAllConnections();
      });
    },
  };
}
