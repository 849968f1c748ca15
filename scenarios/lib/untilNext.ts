import { atWallClock, DAY_MS, localDay, minutesOf, weekdayOf, type Weekday } from '../../client/settings/zoneTime.ts';

/** How many ms from `now` to the next `weekday` at `time` on `timeZone`'s wall clock (1 ms to a week ahead). */
export function untilNext(target: { weekday: Weekday; time: string; timeZone: string }, now: number): number {
  const today = localDay(target.timeZone, now);
  for (let i = 0; i <= 7; i++) {
    const day = today + i * DAY_MS;
    if (weekdayOf(day) !== target.weekday) continue;
    const at = atWallClock(target.timeZone, day, minutesOf(target.time));
    if (at > now) return at - now;
  }
  throw new Error(`no ${target.weekday} ${target.time} (${target.timeZone}) in the coming week`);
}
