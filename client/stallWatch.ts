/** Thrown into the stream reader when an open stream sent no bytes for the read-idle time. */
export class StreamStalledError extends Error {
  constructor(readonly idleMs: number) {
    super(`the event stream sent no bytes for ${idleMs} ms`);
    this.name = 'StreamStalledError';
  }
}

/**
 * Pass an event stream's body through, counting it dead once no bytes arrive for `idleMs`: a
 * socket can stay open with nothing on it (a proxy holding the stream, a server that stopped
 * writing), and reading it would then wait for ever. Any bytes (events, `ping` events, comments)
 * restart the clock (and call `onBytes`). When it runs out, `onStall` is called, the returned stream errors with
 * `StreamStalledError` (not an AbortError, so the reader treats it as a drop and reconnects) and
 * the underlying body is cancelled, which closes the connection. The timer is cleared whenever
 * the stream ends: done, errored, cancelled, stalled, or `signal` aborted.
 */
export function watchForStall<T extends Uint8Array>(
  body: ReadableStream<T>,
  { idleMs, onStall, onBytes, signal }: { idleMs: number; onStall: () => void; onBytes?: () => void; signal?: AbortSignal },
): ReadableStream<T> {
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** No more timing: the stream ended, was cancelled, stalled, or its request was aborted. */
  let quiet = false;
  /** The returned stream is settled (stalled); later reads of the body are ignored. */
  let stalled = false;
  const silence = () => {
    quiet = true;
    clearTimeout(timer);
    timer = undefined;
    signal?.removeEventListener('abort', silence);
  };
  if (signal?.aborted) silence();
  else signal?.addEventListener('abort', silence, { once: true });

  let arm = () => {};
  return new ReadableStream<T>({
    start(controller) {
      arm = () => {
        if (quiet) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (quiet) return;
          silence();
          stalled = true;
          onStall();
          controller.error(new StreamStalledError(idleMs));
          reader.cancel(new StreamStalledError(idleMs)).catch(() => undefined);
        }, idleMs);
      };
      arm();
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (stalled) return;
        if (done) {
          silence();
          controller.close();
          return;
        }
        if (value.byteLength > 0) {
          arm();
          onBytes?.();
        }
        controller.enqueue(value);
      } catch (err) {
        if (stalled) return;
        silence();
        controller.error(err);
      }
    },
    cancel(reason) {
      silence();
      return reader.cancel(reason);
    },
  });
}
