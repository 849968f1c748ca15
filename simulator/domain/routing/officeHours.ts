import { WEEKDAYS, type OfficeHours, type RoutingConfig } from './routingSchema.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
};

/** Whether `epochMs` (simulated time) falls in one of the open intervals of its weekday, in the hours' time zone. */
export function isWithinOfficeHours(hours: OfficeHours, epochMs: number): boolean {
  const parts = formatterFor(hours.timeZone).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.find((d) => d === part('weekday').slice(0, 3).toLowerCase());
  const minute = (Number(part('hour')) % 24) * 60 + Number(part('minute'));
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return (day ? (hours.weekly[day] ?? []) : []).some(([from, to]) => minute >= toMinutes(from) && minute < toMinutes(to));
}

/** The office hours that apply to a queue: its own, else the routing's, else none (always open). */
export const officeHoursOf = (config: RoutingConfig, queue: string): OfficeHours | undefined => config.queues.find((q) => q.name === queue)?.officeHours ?? config.officeHours;

const zoneParts = new Map<string, Intl.DateTimeFormat>();
/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`. */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
  let f = zoneParts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    zoneParts.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(epochMs)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(epochMs / 1000) * 1000;
}

/** The epoch time of a wall-clock time in `timeZone` (the day given as UTC midnight of that date). */
function atWallClock(timeZone: string, dayUtcMidnight: number, hhmm: string): number {
  const wall = dayUtcMidnight + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
  const first = wall - zoneOffsetMs(timeZone, wall);
  return wall - zoneOffsetMs(timeZone, first);
}

/** The open intervals (epoch ms) from the start of `epochMs`'s day in the hours' time zone, for `days` days. */
export function openIntervals(hours: OfficeHours, epochMs: number, days = 7): Array<{ startTime: number; endTime: number }> {
  const local = new Date(epochMs + zoneOffsetMs(hours.timeZone, epochMs));
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const intervals: Array<{ startTime: number; endTime: number }> = [];
  for (let i = 0; i < days; i++) {
    const day = today + i * 86_400_000;
    const weekday = WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7]!;
    for (const [from, to] of hours.weekly[weekday] ?? []) intervals.push({ startTime: atWallClock(hours.timeZone, day, from), endTime: atWallClock(hours.timeZone, day, to) });
  }
  return intervals;
}
