import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Persistence } from '../server/context.ts';

/**
 * With `--persist`: no reply leaves before the changes made so far are on disk. The hook is the
 * response's `writeHead` (every reply passes it, an event stream's included), so a client that got
 * a 2xx can count on it after a crash. When the disk refuses, the connection is dropped instead of
 * answered: the client sees a failure, never a success that a restart would forget.
 */
export function flushBeforeReplies(persist: Pick<Persistence, 'flush'>): RequestHandler {
  return (_req, res, next) => {
    flushBeforeHead(persist, res);
    next();
  };
}

/** This response's head waits for the changes made so far to be on disk (see `flushBeforeReplies`). */
export function flushBeforeHead(persist: Pick<Persistence, 'flush'>, res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    try {
      persist.flush();
    } catch {
      // Persistence has said why (once); the headers go nowhere once the socket is gone.
      this.destroy();
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}
