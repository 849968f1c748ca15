import { withRetries, type RetryEffects, type RetryPolicy } from './retry.ts';
import type { HandoffStep, StepReport } from './types.ts';

/**
 * Run one step of a handoff with retries, reporting it (`started`, each `retrying`, then `done` or
 * `failed`) and keeping in `attempts` how many tries it took; `fn` runs once per attempt.
 */
export function stepRunner(policy: RetryPolicy, effects: RetryEffects, report: (r: StepReport) => void, attempts: Partial<Record<HandoffStep, number>>) {
  return async <T>(name: HandoffStep, fn: () => Promise<T>): Promise<T> => {
    report({ step: name, status: 'started' });
    try {
      const result = await withRetries(policy, { ...effects, onRetry: ({ attempt, delayMs, error }) => report({ step: name, status: 'retrying', attempt, delayMs, detail: error.message }) }, async (n) => {
        attempts[name] = n;
        return fn();
      });
      report({ step: name, status: 'done', attempt: attempts[name] });
      return result;
    } catch (err) {
      report({ step: name, status: 'failed', attempt: attempts[name], detail: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  };
}
