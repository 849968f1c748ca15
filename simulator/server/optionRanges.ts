import type { SimOptions } from './options.ts';

/** The most a Node timer waits: a longer delay is silently taken as 1 ms (a ping per millisecond per stream). */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/**
 * Options whose whole numbers have bounds beyond "not negative": a port, and delays handed to Node
 * timers (0 would ping every millisecond; past `TIMER_MAX_MS` Node fires after 1 ms instead).
 */
export const OPTION_RANGES: Partial<Record<keyof SimOptions, { min: number; max: number }>> = {
  port: { min: 0, max: 65_535 },
  pingIntervalMs: { min: 1, max: TIMER_MAX_MS },
  jwksTimeoutMs: { min: 1, max: TIMER_MAX_MS },
};

/** Why `value` is out of the option's range (`"must be from 1 to 2147483647"`), or undefined when it is in it. */
export function optionRangeProblem(key: keyof SimOptions, value: unknown): string | undefined {
  const range = OPTION_RANGES[key];
  if (!range || value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) return `must be a whole number from ${range.min} to ${range.max}`;
  return undefined;
}

/** `startSimulator`'s options from code: an out-of-range one stops the start naming it, as the CLI's flags do. */
export function checkOptionRanges(options: Partial<SimOptions>): void {
  for (const key of Object.keys(OPTION_RANGES) as Array<keyof SimOptions>) {
    const problem = optionRangeProblem(key, options[key]);
    if (problem) throw new Error(`[miaw-sim] Invalid option ${key}: ${problem}, got ${JSON.stringify(options[key])}.`);
  }
}
