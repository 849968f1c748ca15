import type { OfficeHours } from './settingsSchema.ts';
import { atWallClock, DAY_MS, isoDate, localDay, minutesOf, weekdayOf } from './zoneTime.ts';

/** How far ahead `nextOpening` looks: a year and a bit, so a yearly holiday list is covered. */
const HORIZON_DAYS = 400;

/**
 * The open intervals (epoch ms, `[start, end)`) of the ranges that start on `day` (its UTC
 * midnight) in the hours' time zone: a holiday's own `open` ranges (none = closed) replace the
 * weekday's. A range whose end is before its start runs into the next day; it belongs to the day it
 * starts on, so a holiday on the next day does not cut it short.
 */
function intervalsStarting(hours: OfficeHours, day: number): Array<[number, number]> {
  const date = isoDate(day);
  const holiday = hours.holidays.find((h) => h.date === date);
  const ranges = holiday ? (holiday.open ?? []) : (hours.weekly[weekdayOf(day)] ?? []);
  return ranges.map(([from, to]) => {
    const start = minutesOf(from);
    const end = minutesOf(to);
    return [atWallClock(hours.timeZone, day, start), end > start ? atWallClock(hours.timeZone, day, end) : atWallClock(hours.timeZone, day + DAY_MS, end)];
  });
}

/** Whether `epochMs` falls in an open range (one of its local day's, or one that ran past midnight from the day before). */
export function isOpenAt(hours: OfficeHours, epochMs: number): boolean {
  const today = localDay(hours.timeZone, epochMs);
  return [today - DAY_MS, today].some((day) => intervalsStarting(hours, day).some(([start, end]) => start <= epochMs && epochMs < end));
}

/** When the next open range starts after `epochMs`; undefined when none starts within about a year. */
export function nextOpening(hours: OfficeHours, epochMs: number): number | undefined {
  const neverOpen = !Object.values(hours.weekly).some((r) => r?.length) && !hours.holidays.some((h) => h.open?.length);
  if (neverOpen) return undefined;
  const today = localDay(hours.timeZone, epochMs);
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const starts = intervalsStarting(hours, today + i * DAY_MS).map(([start]) => start).filter((start) => start > epochMs);
    if (starts.length) return Math.min(...starts);
  }
  return undefined;
}

/** `epochMs` on the hours' wall clock, for messages: `Mon 2026-12-07 09:00 (Europe/Paris)`. */
export function wallClockLabel(timeZone: string, epochMs: number): string {
  const text = new Intl.DateTimeFormat('en-CA', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(epochMs));
  const part = (type: string) => text.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${timeZone})`;
}
