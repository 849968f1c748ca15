import { z } from 'zod';

/**
 * The furthest simulated time may be ahead of real time, and so the furthest one advance may move
 * it: ten years (a Date stays valid long after). A state import's `clock.offsetMs` is held to it too.
 */
export const MAX_CLOCK_MS = 10 * 365 * 24 * 3600_000;
const MAX_MS = MAX_CLOCK_MS;

/**
 * How far to move simulated time: exactly one of `ms`, `seconds` or `minutes`, positive and at most
 * ten years. The control API (`POST /__sim/v1/clock/advance`) and scenario steps (`advanceClock`) share it.
 */
export const ClockAdvance = z
  .object({
    ms: z.number().int().positive().max(MAX_MS, 'must be at most ten years (315360000000 ms)').optional(),
    seconds: z.number().positive().max(MAX_MS / 1000, 'must be at most ten years (315360000 s)').optional(),
    minutes: z.number().positive().max(MAX_MS / 60_000, 'must be at most ten years (5256000 min)').optional(),
  })
  .strict()
  .refine((b) => [b.ms, b.seconds, b.minutes].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of ms, seconds or minutes (a positive number)' });

export type ClockAdvance = z.infer<typeof ClockAdvance>;

/** The advance in milliseconds. */
export const advanceMs = (advance: ClockAdvance): number => advance.ms ?? (advance.seconds ?? 0) * 1000 + (advance.minutes ?? 0) * 60_000;
