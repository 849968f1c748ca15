import { atWallClock, DAY_MS, localDay, minutesOf, weekdayOf } from '../../shared/zoneTime.ts';
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
  return (day ? (hours.weekly[day] ?? []) : []).some(([from, to]) => minute >= minutesOf(from) && minute < minutesOf(to));
}

/** The office hours that apply to a queue: its own, else the routing's, else none (always open). */
export const officeHoursOf = (config: RoutingConfig, queue: string): OfficeHours | undefined => config.queues.find((q) => q.name === queue)?.officeHours ?? config.officeHours;

/** The open intervals (epoch ms) from the start of `epochMs`'s day in the hours' time zone, for `days` days. */
export function openIntervals(hours: OfficeHours, epochMs: number, days = 7): Array<{ startTime: number; endTime: number }> {
  const today = localDay(hours.timeZone, epochMs);
  const intervals: Array<{ startTime: number; endTime: number }> = [];
  for (let i = 0; i < days; i++) {
    const day = today + i * DAY_MS;
    for (const [from, to] of hours.weekly[weekdayOf(day)] ?? []) intervals.push({ startTime: atWallClock(hours.timeZone, day, minutesOf(from)), endTime: atWallClock(hours.timeZone, day, minutesOf(to)) });
  }
  return intervals;
}
