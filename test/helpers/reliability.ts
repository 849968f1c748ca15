import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show } from './sim.ts';

/** Add a fault rule (or sequence) through the control API; returns the rules it created. */
export async function addFault(sim: RunningSimulator, body: unknown): Promise<any[]> {
  const r = await call(sim, 'POST', '/__sim/v1/faults', { body });
  if (r.status !== 201) throw new Error(`add fault: ${show(r)}`);
  return r.body.rules;
}

/**
 * Run `work` over `items` with at most `limit` of them in flight at once; results in item order.
 * Every item is taken exactly once, so the loop is bounded by `items.length`.
 */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `promise`, or a rejection naming `what` after `ms`; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A whole number from the environment, or `fallback` when unset; anything else is an error that names the variable. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
