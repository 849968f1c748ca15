import { describe, expect, it } from 'vitest';
import { MiawApiError } from '../../simulator/shared/errors.ts';
import { errorMiddleware } from '../../simulator/http/errorMiddleware.ts';
import { addFault } from '../helpers/reliability.ts';
import { call, getGuestToken, show, useSim } from '../helpers/sim.ts';

/** A 5xx a fault rule was asked for is not an internal error: only the unexpected goes to the log. */
describe('the log under faults', () => {
  const t = useSim();
  const internal = (lines: string[]) => lines.filter((line) => line.includes('Internal error'));

  it('answers a simulated 503 without logging an internal error (a load test would flood the log with stacks)', async () => {
    const list = '/iamessage/api/v2/conversation/list';
    await addFault(t.sim, { match: { path: list }, action: { type: 'status', status: 503 }, times: 3 });
    const { accessToken } = await getGuestToken(t.sim);
    for (let i = 0; i < 3; i++) {
      const r = await call(t.sim, 'GET', list, { token: accessToken });
      expect(r.body, show(r)).toMatchObject({ code: '503', errorCode: 'SIMULATED_FAULT' });
    }
    expect(internal(t.logs)).toEqual([]);
  });

  it('still logs an unexpected error, and a deliberate refusal is never logged', () => {
    const lines: string[] = [];
    const handle = errorMiddleware((line) => lines.push(line));
    const res: any = { headersSent: false, locals: {}, setHeader: () => res, status: () => res, json: () => res };
    handle(new TypeError('cannot read x of undefined'), {} as any, res, () => undefined);
    handle(new MiawApiError(503, 'SIMULATED_FAULT', 'asked for'), {} as any, res, () => undefined);
    handle(new MiawApiError(404, 'NOT_FOUND', 'nothing here'), {} as any, res, () => undefined);
    expect(internal(lines)).toHaveLength(1);
    expect(lines[0]).toContain('cannot read x of undefined');
  });
});
