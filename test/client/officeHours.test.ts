import { describe, expect, it } from 'vitest';
import { isOpenAt, nextOpening, wallClockLabel } from '../../client/settings/officeHours.ts';
import { parseHandoffSettings } from '../../client/index.ts';

const hours = (officeHours: Record<string, unknown>) => parseHandoffSettings({ officeHours: { outsideHours: 'refuse', ...officeHours } }).officeHours!;
const at = (iso: string) => Date.parse(iso);
const weekdays9to17 = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));

describe('office hours on the wall clock of their time zone', () => {
  it('follows daylight saving time: 09:00 in Paris is 08:00 UTC before the change and 07:00 UTC after it', () => {
    const paris = hours({ timeZone: 'Europe/Paris', weekly: weekdays9to17 });
    expect(isOpenAt(paris, at('2026-03-27T08:00:00Z'))).toBe(true); // Friday 09:00 CET
    expect(isOpenAt(paris, at('2026-03-27T07:59:00Z'))).toBe(false);
    // Saturday noon: closed; the next opening is Monday 09:00 CEST (summer time began on Sunday 29 March).
    expect(isOpenAt(paris, at('2026-03-28T12:00:00Z'))).toBe(false);
    expect(nextOpening(paris, at('2026-03-28T12:00:00Z'))).toBe(at('2026-03-30T07:00:00Z'));
    expect(isOpenAt(paris, at('2026-03-30T06:59:00Z'))).toBe(false);
    expect(isOpenAt(paris, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpenAt(paris, at('2026-03-30T15:00:00Z'))).toBe(false); // 17:00 CEST: the end is not open
  });

  it('runs a range past midnight into the next day, and several ranges a day', () => {
    const nights = hours({ timeZone: 'UTC', weekly: { fri: [['08:00', '12:00'], ['22:00', '02:00']] } });
    expect(isOpenAt(nights, at('2026-12-04T11:59:00Z'))).toBe(true); // Friday morning
    expect(isOpenAt(nights, at('2026-12-04T13:00:00Z'))).toBe(false); // the gap between the ranges
    expect(nextOpening(nights, at('2026-12-04T13:00:00Z'))).toBe(at('2026-12-04T22:00:00Z'));
    expect(isOpenAt(nights, at('2026-12-05T01:30:00Z'))).toBe(true); // Saturday 01:30, from Friday's range
    expect(isOpenAt(nights, at('2026-12-05T02:00:00Z'))).toBe(false);
    expect(nextOpening(nights, at('2026-12-05T02:00:00Z'))).toBe(at('2026-12-11T08:00:00Z'));
  });

  it('closes on holidays, and a partial holiday opens only its own ranges', () => {
    const office = hours({
      timeZone: 'Europe/London',
      weekly: weekdays9to17,
      holidays: [{ date: '2026-12-24', name: 'Christmas Eve', open: [['09:00', '12:00']] }, { date: '2026-12-25', name: 'Christmas Day' }],
    });
    expect(isOpenAt(office, at('2026-12-24T11:00:00Z'))).toBe(true);
    expect(isOpenAt(office, at('2026-12-24T13:00:00Z'))).toBe(false);
    expect(isOpenAt(office, at('2026-12-25T10:00:00Z'))).toBe(false);
    // Thursday afternoon: Christmas Day and the weekend are closed, so Monday 28th at 09:00.
    expect(nextOpening(office, at('2026-12-24T13:00:00Z'))).toBe(at('2026-12-28T09:00:00Z'));
    expect(isOpenAt(office, at('2026-12-23T16:00:00Z'))).toBe(true); // an ordinary Wednesday
  });

  it('never opens without a single range, and says so with no next opening', () => {
    const closed = hours({ timeZone: 'UTC', weekly: {} });
    expect(isOpenAt(closed, at('2026-12-02T10:00:00Z'))).toBe(false);
    expect(nextOpening(closed, at('2026-12-02T10:00:00Z'))).toBeUndefined();
  });

  it('labels a moment on the wall clock of the zone', () => {
    expect(wallClockLabel('Europe/Paris', at('2026-03-30T07:00:00Z'))).toBe('Mon 2026-03-30 09:00 (Europe/Paris)');
  });
});
