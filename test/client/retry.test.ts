import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HandoffError } from '../../client/errors.ts';
import { retryDelay, withRetries } from '../../client/retry.ts';

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 };
const transient = (retryAfterSeconds?: number) => new HandoffError({ step: 'create-conversation', message: 'down', hint: 'h', status: 503, retryable: true, retryAfterSeconds });

describe('retry policy', () => {
  it('grows the delay exponentially with jitter inside [half, full] of the step, capped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (retry, r) => {
        const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
        const d = retryDelay(policy, retry, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(d).toBeLessThanOrEqual(full);
      }),
    );
  });

  it('waits at least what Retry-After asks', () => {
    expect(retryDelay(policy, 1, () => 0, 7)).toBe(7000);
    expect(retryDelay(policy, 1, () => 0, 0)).toBe(50);
  });

  it('tries up to 1 + retries times on transient errors, with increasing delays, then gives up', async () => {
    const delays: number[] = [];
    let calls = 0;
    const error = await withRetries(policy, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 }, async () => {
      calls++;
      throw transient();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffError);
    expect(calls).toBe(4);
    expect(delays).toEqual([75, 150, 300]);
  });

  it('does not retry an error that is not transient', async () => {
    let calls = 0;
    await expect(
      withRetries(policy, { sleep: async () => {}, random: () => 0 }, async () => {
        calls++;
        throw new HandoffError({ step: 'create-conversation', message: 'bad', hint: 'h', status: 400 });
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(calls).toBe(1);
  });
});
