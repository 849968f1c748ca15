import { HandoffError } from './errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (3: up to four attempts). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryEffects {
  sleep: (ms: number) => Promise<void>;
  /** 0 <= random() < 1; injectable so tests get exact delays. */
  random: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: HandoffError }) => void;
}

/**
 * Delay before retry `n` (1-based): exponential (base * 2^(n-1)) with "equal jitter" (half fixed,
 * half random), capped; a server's `Retry-After` wins when it asks for longer.
 */
export function retryDelay(policy: RetryPolicy, retry: number, random: () => number, retryAfterSeconds?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  return retryAfterSeconds !== undefined ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
}

/**
 * Run `attempt` until it succeeds, fails with a non-retryable error, or the retries are used up.
 * Hand-written rather than p-retry/cockatiel: those hard-wire setTimeout (no injectable sleep for
 * tests) and the current p-retry needs Node 22; this loop is the whole of what we need.
 */
export async function withRetries<T>(policy: RetryPolicy, effects: RetryEffects, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof HandoffError) || !err.retryable || n > policy.retries) throw err;
      const delayMs = retryDelay(policy, n, effects.random, err.retryAfterSeconds);
      effects.onRetry?.({ attempt: n, delayMs, error: err });
      await effects.sleep(delayMs);
    }
  }
}
