import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamStalledError, watchForStall } from '../../client/stallWatch.ts';

/** A body the test feeds by hand. */
function handBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const cancelled = vi.fn();
  const source = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: cancelled,
  });
  return { source, send: (text: string) => controller.enqueue(new TextEncoder().encode(text)), end: () => controller.close(), fail: (e: unknown) => controller.error(e), cancelled };
}

/** Read the watched stream to its end in the background; what it gave and how it ended. */
function drain(stream: ReadableStream<Uint8Array>) {
  const seen: string[] = [];
  const result = { ended: false as boolean, error: undefined as unknown };
  const reader = stream.getReader();
  const finished = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen.push(new TextDecoder().decode(value));
      }
      result.ended = true;
    } catch (err) {
      result.error = err;
    }
  })();
  return { seen, result, finished, reader };
}

describe('watchForStall: a stream with no bytes for the read-idle time counts as dead', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes bytes through; any bytes (a ping or a comment too) restart the clock', async () => {
    const body = handBody();
    const onStall = vi.fn();
    const onBytes = vi.fn();
    const read = drain(watchForStall(body.source, { idleMs: 500, onStall, onBytes }));
    for (const chunk of ['event: ping\ndata: 0\n\n', ': comment\n\n', 'id: 7\nevent: X\ndata: {}\n\n']) {
      await vi.advanceTimersByTimeAsync(400);
      body.send(chunk);
    }
    await vi.advanceTimersByTimeAsync(400);
    expect(onStall).not.toHaveBeenCalled();
    expect(read.result.error).toBeUndefined();
    expect(read.seen.join('')).toBe('event: ping\ndata: 0\n\n: comment\n\nid: 7\nevent: X\ndata: {}\n\n');
    expect(onBytes).toHaveBeenCalledTimes(3);

    await vi.advanceTimersByTimeAsync(100); // 500 ms since the last bytes
    await read.finished;
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(read.result.error).toBeInstanceOf(StreamStalledError);
    expect((read.result.error as Error).name).not.toBe('AbortError'); // the reader reconnects after it
    expect(body.cancelled).toHaveBeenCalledTimes(1); // the connection is let go
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts a stream that never sends a byte as stalled', async () => {
    const body = handBody();
    const onStall = vi.fn();
    const read = drain(watchForStall(body.source, { idleMs: 300, onStall }));
    await vi.advanceTimersByTimeAsync(299);
    expect(onStall).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await read.finished;
    expect(onStall).toHaveBeenCalledTimes(1);
    expect(read.result.error).toBeInstanceOf(StreamStalledError);
  });

  it.each([
    ['the server ends the stream', (b: ReturnType<typeof handBody>) => b.end(), 'ended'],
    ['the connection fails', (b: ReturnType<typeof handBody>) => b.fail(new Error('socket hang up')), 'socket hang up'],
  ] as const)('clears its timer when %s, and never reports a stall afterwards', async (_label, ending, outcome) => {
    const body = handBody();
    const onStall = vi.fn();
    const read = drain(watchForStall(body.source, { idleMs: 500, onStall }));
    body.send('event: ping\ndata: 0\n\n');
    await vi.advanceTimersByTimeAsync(100);
    ending(body);
    await read.finished;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onStall).not.toHaveBeenCalled();
    if (outcome === 'ended') expect(read.result.ended).toBe(true);
    else expect((read.result.error as Error).message).toBe(outcome);
  });

  it('clears its timer when the reader cancels or the request is aborted', async () => {
    const cancelled = handBody();
    const onStall = vi.fn();
    const read = drain(watchForStall(cancelled.source, { idleMs: 500, onStall }));
    await read.reader.cancel('closed by the client');
    expect(cancelled.cancelled).toHaveBeenCalledWith('closed by the client');
    expect(vi.getTimerCount()).toBe(0);

    const aborted = handBody();
    const abort = new AbortController();
    drain(watchForStall(aborted.source, { idleMs: 500, onStall, signal: abort.signal }));
    expect(vi.getTimerCount()).toBe(1);
    abort.abort();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onStall).not.toHaveBeenCalled();
  });
});
