/**
 * Wall-clock time in IANA time zones. One implementation, owned by the client (whose handoff
 * settings have office hours too, and which must stand alone against a real org): the simulator's
 * office hours and the client's follow the same time-zone arithmetic.
 */
export { atWallClock, isTimeZone, localDay, minutesOf, weekdayOf, zoneOffsetMs, DAY_MS, WEEKDAYS, type Weekday } from '../../client/settings/zoneTime.ts';
