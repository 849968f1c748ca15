import { ServerResponse } from 'node:http';
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

/** Response classes whose `writeHead` already flushes (`flushingResponses`): nothing to add per response. */
const flushingClasses = new WeakSet<object>();

/** This response's head waits for the changes made so far to be on disk (see `flushBeforeReplies`). */
export function flushBeforeHead(persist: Pick<Persistence, 'flush'>, res: ServerResponse): void {
  if (flushingClasses.has(res.constructor)) return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    flushOrDrop(persist, this);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

/**
 * The server's response class with `--persist` (`createServer({ ServerResponse })`): every head
 * waits for the changes made so far to be on disk, as `flushBeforeHead` makes one response's wait.
 * One class for all responses keeps node's own code on one object shape (a `writeHead` set on each
 * response gave every response a shape of its own, which node's HTTP code then paid for).
 */
export function flushingResponses(persist: Pick<Persistence, 'flush'>): typeof ServerResponse {
  class FlushingResponse extends ServerResponse {}
  FlushingResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    flushOrDrop(persist, this);
    return (ServerResponse.prototype.writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof ServerResponse.prototype.writeHead;
  flushingClasses.add(FlushingResponse);
  return FlushingResponse as typeof ServerResponse;
}

function flushOrDrop(persist: Pick<Persistence, 'flush'>, res: ServerResponse): void {
  try {
    persist.flush();
  } catch {
    // Persistence has said why (once); the headers go nowhere once the socket is gone.
    res.destroy();
  }
}
