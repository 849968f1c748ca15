import { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Persistence } from '../server/context.ts';

type Flushes = Pick<Persistence, 'pending' | 'afterFlush'>;

/**
 * With `--persist`: no byte of a reply leaves while a change made so far is not on disk. Changes
 * are written once per turn of the event loop (group commit, `persist/persistence.ts`); what a
 * response writes meanwhile (a reply's head and body, an event stream's frames) is held and goes
 * out right after that write, so a client that got a 2xx, or saw an event id, can count on it
 * after a crash. When the disk refuses, the connection is dropped instead of answered: the client
 * sees a failure, never a success that a restart would forget.
 *
 * The hook is node's one funnel from a response to its socket, `_writeRaw` (every `writeHead`,
 * `write`, `end` and `flushHeaders` passes it): held data waits in the response's own output
 * buffer, where node keeps what a response writes before it has its socket (a pipelined reply), and
 * leaves by node's `_flush`, as that does. `_flush` itself waits while held (a socket assigned
 * meanwhile does not let it out early).
 */
export function flushBeforeReplies(persist: Flushes): RequestHandler {
  return (_req, res, next) => {
    holdUntilFlushed(persist, res);
    next();
  };
}

/** Node's own response internals used here (`lib/_http_outgoing.js`, Node 20). */
interface Outgoing extends ServerResponse {
  outputData: Array<{ data: unknown; encoding: unknown; callback: unknown }>;
  outputSize: number;
  _onPendingData(delta: number): void;
  _writeRaw(data: string | Uint8Array, encoding?: unknown, callback?: unknown, size?: number): boolean;
  _flush(): void;
  /** Written data waits for the turn's write (`holdUntilFlushed`). */
  [HELD]?: boolean;
}

const HELD = Symbol('held until flushed');
const outgoing = ServerResponse.prototype as Outgoing;

/**
 * The hold relies on node's internals above (present from Node 20 through 24). Checked when
 * `--persist` sets it up, so a Node without them refuses to start with a reason instead of
 * failing on the first reply (which would lose durability or the reply).
 */
export function assertHoldable(): void {
  const missing = (['_writeRaw', '_flush'] as const).filter((name) => typeof outgoing[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`--persist cannot hold replies until their changes are on disk on Node ${process.version}: its http responses lack ${missing.join(', ')}. Use Node 20-24, or run without --persist.`);
  }
}

/** The hold, in place of node's `_writeRaw`: while a change waits for its write, data is buffered instead of written. */
function holdingWriteRaw(persist: Flushes) {
  return function (this: Outgoing, data: string | Uint8Array, encoding?: unknown, callback?: unknown, size?: number): boolean {
    if (!this[HELD]) {
      if (!persist.pending()) return outgoing._writeRaw.call(this, data, encoding, callback, size);
      this[HELD] = true;
      persist.afterFlush((failed) => release(this, failed));
    }
    if (this.socket?.destroyed) return false;
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = null;
    }
    // As node buffers what a response writes before it has its socket.
    this.outputData.push({ data, encoding, callback });
    this.outputSize += data.length;
    this._onPendingData(data.length);
    return this.outputSize < this.writableHighWaterMark;
  };
}

/** Node's `_flush`, except while held (assigning a pipelined response its socket calls it). */
function heldFlush(this: Outgoing): void {
  if (!this[HELD]) outgoing._flush.call(this);
}

/** The turn's write is done: what waited goes out, or, when the write failed, the connection is dropped (persistence has said why, once). */
function release(res: Outgoing, failed: unknown): void {
  res[HELD] = false;
  if (failed !== undefined) res.destroy();
  else res._flush();
}

/** Response classes whose writes already wait (`flushingResponses`): nothing to add per response. */
const flushingClasses = new WeakSet<object>();

/** This response's writes wait for the changes made so far to be on disk (see `flushBeforeReplies`). */
export function holdUntilFlushed(persist: Flushes, res: ServerResponse): void {
  if (flushingClasses.has(res.constructor)) return;
  const held = res as Outgoing;
  held._writeRaw = holdingWriteRaw(persist);
  held._flush = heldFlush;
}

/**
 * The server's response class with `--persist` (`createServer({ ServerResponse })`): every
 * response's writes wait for the changes made so far to be on disk, as `holdUntilFlushed` makes one
 * response's wait. One class for all responses keeps node's own code on one object shape (methods
 * set on each response gave every response a shape of its own, which node's HTTP code then paid for).
 */
export function flushingResponses(persist: Flushes): typeof ServerResponse {
  assertHoldable();
  class FlushingResponse extends ServerResponse {
    [HELD] = false;
  }
  const proto = FlushingResponse.prototype as Outgoing;
  proto._writeRaw = holdingWriteRaw(persist);
  proto._flush = heldFlush;
  flushingClasses.add(FlushingResponse);
  return FlushingResponse as typeof ServerResponse;
}
