import { describe, expect, it } from 'vitest';
import { ManualClock, SimClock } from '../../simulator/shared/clock.ts';
import { call, getGuestToken, show, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

describe('clocks', () => {
  it('ManualClock fires timers only when advanced, in due order', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.schedule(300, () => fired.push('b'));
    clock.schedule(100, () => fired.push('a'));
    const cancel = clock.schedule(200, () => fired.push('cancelled'));
    cancel();
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(500);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(1_599);
  });

  it('SimClock runs on real time and jumps when advanced', async () => {
    const clock = new SimClock();
    const fired: string[] = [];
    clock.schedule(60_000, () => fired.push('a minute later'));
    clock.schedule(20, () => fired.push('soon'));
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toEqual(['soon']);
    const before = clock.now();
    clock.advance(60_000);
    expect(fired).toEqual(['soon', 'a minute later']);
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(clock.offsetMs).toBe(60_000);
  });

  it('refuses to move backwards', () => {
    expect(() => new SimClock().advance(-1)).toThrow(/only moves forward/);
  });
});

describe('the control API moves simulated time', () => {
  const t = useSim({ guestTokenTtlSeconds: 600 });

  it('expires access tokens and ends their streams when time passes their expiry', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    expect(stream.status).toBe(200);
    const clock = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { minutes: 11 } });
    expect(clock.status, show(clock)).toBe(200);
    expect(clock.body.offsetMs).toBeGreaterThanOrEqual(11 * 60_000);
    await stream.waitForEnd();
    const r = await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { token: accessToken });
    expect(r.status, show(r)).toBe(401);
    expect(r.body.errorCode).toBe('ACCESS_TOKEN_EXPIRED');
  });

  it('reports the time and refuses a bad advance', async () => {
    const now = await call(t.sim, 'GET', '/__sim/v1/clock');
    expect(Math.abs(now.body.now - Date.now() - now.body.offsetMs)).toBeLessThan(1000);
    for (const body of [{}, { ms: -5 }, { ms: 5, seconds: 1 }, { hours: 1 }]) {
      const r = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body });
      expect(r.status, show(r)).toBe(400);
    }
  });

  it('refuses an advance beyond ten years, naming the field, and keeps working (tokens, clock, reset)', async () => {
    for (const [field, value] of [['seconds', 1e13], ['seconds', 1e308], ['ms', Number.MAX_SAFE_INTEGER], ['minutes', 1e9]] as const) {
      const r = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { [field]: value } });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.message).toContain(`${field}: must be at most ten years`);
    }
    expect((await call(t.sim, 'GET', '/__sim/v1/clock')).status).toBe(200);
    const { accessToken } = await getGuestToken(t.sim);
    expect((await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { token: accessToken })).status).toBe(200);
    expect((await call(t.sim, 'POST', '/__sim/v1/reset')).status).toBe(200);
  });
});

describe('simulated time is at most ten years ahead in all', () => {
  const t = useSim();

  it('refuses an advance that would take the clock beyond ten years ahead (so every export imports again)', async () => {
    const tenYears = 10 * 365 * 24 * 3600_000;
    const first = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { ms: tenYears - 60_000 } });
    expect(first.status, show(first)).toBe(200);
    const beyond = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { minutes: 2 } });
    expect(beyond.status, show(beyond)).toBe(400);
    expect(beyond.body.message).toContain(`may be at most ten years (${tenYears} ms) ahead in all`);
    const within = await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { minutes: 1 } });
    expect(within.status, show(within)).toBe(200);
    expect(within.body.offsetMs).toBe(tenYears);
  });
});
