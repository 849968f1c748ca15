import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../helpers/sim.ts';

const V1 = '/__sim/v1';

/**
 * Issue 14, item 4: no pattern a user sends can block the event loop. The inputs are far longer
 * than the ones that took seconds with the backtracking regexes (44 and 28 characters), so with
 * those these requests would not come back at all; nothing here measures time.
 */
describe('user patterns cannot block the event loop', () => {
  const t = useSim();

  it('a fault path like /*a*a*a*a*a*a*a*a*b against a long path of a: no fault, and /health answers', async () => {
    const added = await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { path: '/*a*a*a*a*a*a*a*a*b' }, action: { type: 'status', status: 503 } } });
    expect(added.status, show(added)).toBe(201);
    const miss = await call(t.sim, 'GET', `/${'a'.repeat(8_000)}`);
    expect(miss.status, show(miss)).toBe(404);
    const hit = await call(t.sim, 'GET', `/${'a'.repeat(8_000)}b`);
    expect(hit.status, show(hit)).toBe(503);
    const health = await call(t.sim, 'GET', `${V1}/health`);
    expect(health.status, show(health)).toBe(200);
  });
});
