import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../helpers/sim.ts';

describe('an unknown path', () => {
  const t = useSim();

  it('is a 404 that names the path and routes the user can call to find the right one', async () => {
    const r = await call(t.sim, 'GET', '/__sim/v1/nope');
    expect(r.status, show(r)).toBe(404);
    expect(r.body.errorCode).toBe('NOT_FOUND');
    expect(r.body.message).toContain('No such endpoint: GET /__sim/v1/nope.');
    expect(r.body.message).not.toContain('README');
    // The routes it points to answer.
    for (const path of ['/', '/__sim/v1/openapi.json']) expect((await call(t.sim, 'GET', path)).status, path).toBe(200);
    expect(r.body.message).toContain('GET / lists what this simulator serves');
    expect(r.body.message).toContain('GET /__sim/v1/openapi.json');
  });
});
