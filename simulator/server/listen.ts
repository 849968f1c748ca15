import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { SimContext } from './context.ts';
import { attachLiveSocket } from '../events/liveSocket.ts';
import { answerClientErrors } from '../http/clientError.ts';
import { controlRefusal, hostRefusal } from '../http/controlAccess.ts';
import { flushingResponses } from '../http/flushBeforeReplies.ts';
import { loopbackUrl } from './loopbackUrl.ts';

export interface Listening {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** A certificate and its private key (PEM) to serve HTTPS with. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

/**
 * Listen on host:port (0 = a free port), over HTTPS when given a certificate, and give back the URL
 * and a `close()` that ends open event streams, live sockets and widget handoffs too.
 */
export function listen(app: RequestListener, ctx: SimContext, host: string, port: number, tls?: TlsCredentials): Promise<Listening> {
  return new Promise((resolve, reject) => {
    // With --persist every reply's head waits for the changes so far to be on disk (one response class for all of them).
    const responses = ctx.persist ? { ServerResponse: flushingResponses(ctx.persist) } : {};
    const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, ...responses }, app) : createHttpServer(responses, app);
    answerClientErrors(server);
    server.once('error', reject);
    server.listen(port, host);
    server.once('listening', () => {
      const live = attachLiveSocket(server, ctx.live, (req) => {
        const refusal = hostRefusal(ctx.access, req) ?? controlRefusal(ctx.access, req);
        return refusal && { status: refusal.status, body: refusal.toBody() };
      });
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      const loopback = loopbackUrl(app, host, actual, Boolean(tls));
      ctx.widgets.connect(loopback.url);
      resolve({
        server,
        port: actual,
        url: `${tls ? 'https' : 'http'}://${shownHost}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            ctx.hub.closeAll();
            ctx.widgets.closeAll();
            live.close();
            loopback.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
