/**
 * What a bench server's own event loop went through during one wrk run: the longest delay of its
 * event loop (a 10 ms timer's lateness, `monitorEventLoopDelay`) and its garbage collector's pauses
 * (`PerformanceObserver` 'gc' entries). bench/serve.ts answers over the IPC channel bench/spawnServer.ts
 * opens: "reset" before a run, "stats" after it. Only the bench uses it; the simulator itself has no
 * such route.
 */
import type { ChildProcess } from 'node:child_process';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopStats {
  /** The longest the event loop was late, ms (anything that held it: a long callback, a GC pause, waiting for a CPU). */
  maxLoopDelayMs: number;
  /** Every GC pause added up, ms. */
  gcPauseMs: number;
  /** The longest single GC pause, ms. */
  gcMaxPauseMs: number;
  /** Mark-compact (major) collections. */
  majorGcs: number;
}

type Request = 'reset' | 'stats';

/** In the server process: starts counting and answers the bench's requests (a process started without IPC is left alone). */
export function answerLoopStats(): void {
  const send = process.send?.bind(process);
  if (!send) return;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gc = { pause: 0, max: 0, major: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.pause += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (request: Request) => {
    // The observer hears of GCs asynchronously: a turn later, every pause of the run has been counted.
    setImmediate(() => {
      const stats: LoopStats = { maxLoopDelayMs: delay.max / 1e6, gcPauseMs: gc.pause, gcMaxPauseMs: gc.max, majorGcs: gc.major };
      delay.reset();
      gc = { pause: 0, max: 0, major: 0 };
      send(request === 'stats' ? stats : 'reset');
    });
  });
  process.channel?.unref();
}

/** In the bench: asks a server started with `ipc` for its figures since the last request (and starts counting afresh). */
export function loopStats(child: ChildProcess, request: Request): Promise<LoopStats | undefined> {
  if (!child.send || !child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    child.once('message', (answer: LoopStats | 'reset') => resolve(typeof answer === 'object' ? answer : undefined));
    child.send(request);
  });
}
