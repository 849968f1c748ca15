import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { putRouting, V1 } from '../helpers/routing.ts';
import { call, show, useSim } from '../helpers/sim.ts';

const HOURS = (sim: { orgId: string; esDeveloperName: string }) => `/embeddedservice/v1/businesshours?orgId=${sim.orgId}&esConfigName=${sim.esDeveloperName}`;
const WEEKDAYS_9_TO_5 = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] };
const at = (iso: string) => Date.parse(iso);

describe('GET /embeddedservice/v1/businesshours answers from the routing office hours', () => {
  // Wednesday 2 December 2026, 10:00 in Paris (09:00 UTC).
  const clock = new ManualClock(at('2026-12-02T09:00:00Z'));
  const t = useSim({ clock });

  it('with no office hours: none active, open', async () => {
    const r = await call(t.sim, 'GET', HOURS(t.sim));
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toEqual({ businessHoursInfo: { name: '', isActive: false, businessHours: [], isOpen: true } });
  });

  it("gives the default queue's open intervals for the week in epoch ms, and whether it is open now on the simulated clock", async () => {
    clock.set(at('2026-12-02T09:00:00Z'));
    await putRouting(t.sim, { queues: [{ name: 'General' }], defaultQueue: 'General', officeHours: { timeZone: 'Europe/Paris', weekly: WEEKDAYS_9_TO_5 } });
    const open = (await call(t.sim, 'GET', HOURS(t.sim))).body.businessHoursInfo;
    expect(open).toMatchObject({ name: 'General (Europe/Paris)', isActive: true, isOpen: true });
    // Wednesday to Friday, then Monday and Tuesday (the weekend is closed): five intervals from today.
    expect(open.businessHours).toEqual([
      { startTime: at('2026-12-02T08:00:00Z'), endTime: at('2026-12-02T16:00:00Z') },
      { startTime: at('2026-12-03T08:00:00Z'), endTime: at('2026-12-03T16:00:00Z') },
      { startTime: at('2026-12-04T08:00:00Z'), endTime: at('2026-12-04T16:00:00Z') },
      { startTime: at('2026-12-07T08:00:00Z'), endTime: at('2026-12-07T16:00:00Z') },
      { startTime: at('2026-12-08T08:00:00Z'), endTime: at('2026-12-08T16:00:00Z') },
    ]);

    await call(t.sim, 'POST', `${V1}/clock/advance`, { body: { minutes: 8 * 60 } }); // 18:00 in Paris
    expect((await call(t.sim, 'GET', HOURS(t.sim))).body.businessHoursInfo.isOpen).toBe(false);
  });

  it("follows the time zone's daylight saving change, and a queue's own hours over the routing's", async () => {
    clock.set(at('2026-03-06T15:00:00Z')); // Friday 6 March 2026, 10:00 in New York (EST); DST starts on Sunday 8 March
    await putRouting(t.sim, {
      queues: [{ name: 'US', officeHours: { timeZone: 'America/New_York', weekly: WEEKDAYS_9_TO_5 } }],
      defaultQueue: 'US',
      officeHours: { timeZone: 'Europe/Paris', weekly: {} },
    });
    const { businessHours, isOpen } = (await call(t.sim, 'GET', HOURS(t.sim))).body.businessHoursInfo;
    expect(isOpen).toBe(true);
    expect(businessHours[0]).toEqual({ startTime: at('2026-03-06T14:00:00Z'), endTime: at('2026-03-06T22:00:00Z') });
    expect(businessHours[1]).toEqual({ startTime: at('2026-03-09T13:00:00Z'), endTime: at('2026-03-09T21:00:00Z') });
  });
});
