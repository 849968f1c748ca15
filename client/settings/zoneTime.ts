/**
 * Wall-clock time in IANA time zones, from `Intl.DateTimeFormat` alone (no time-zone database of
 * our own), so daylight-saving changes follow the runtime's tz data. Days are named by the epoch ms
 * of their UTC midnight (`Date.UTC(y, m, d)`), which makes "the next day" a plain `+ DAY_MS`.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const DAY_MS = 86_400_000;

/** Whether the runtime knows `zone` as a time zone ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, epochMs: number): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(epochMs)).map((x) => [x.type, Number(x.value)]));
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`. */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const p = partsIn(timeZone, epochMs);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The epoch time of `minutes` after midnight of `day` (its UTC midnight) on `timeZone`'s wall
 * clock; `minutes` may reach 1440 (the next midnight). A wall time skipped by a daylight-saving
 * change resolves to the same instant one hour on.
 */
export function atWallClock(timeZone: string, day: number, minutes: number): number {
  const wall = day + minutes * 60_000;
  const first = wall - zoneOffsetMs(timeZone, wall);
  return wall - zoneOffsetMs(timeZone, first);
}

/** The local date of `epochMs` in `timeZone`, as that date's UTC midnight. */
export function localDay(timeZone: string, epochMs: number): number {
  const p = partsIn(timeZone, epochMs);
  return Date.UTC(p.year!, p.month! - 1, p.day!);
}

export const weekdayOf = (day: number): Weekday => WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7]!;

/** `"YYYY-MM-DD"` of a day. */
export const isoDate = (day: number): string => new Date(day).toISOString().slice(0, 10);

/** Minutes after midnight of `"HH:MM"` (`"24:00"` is 1440). */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
