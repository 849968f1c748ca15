/** `2026-12-02T04:45:00.000+0000`: how the REST API writes a datetime. */
export const salesforceDateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** ISO 8601 as the REST API reads a datetime: a date, or a date and time with seconds, a fraction and a zone optional. No nested repetition: linear. */
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A datetime a client sent -> epoch ms; undefined when it is not one (`2026-02-30`, `garbage`, `25:00`). */
export function parseSalesforceDateTime(value: string): number | undefined {
  const m = ISO_DATETIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const ms = Math.floor(Number(`0${m[7] ?? ''}`) * 1000);
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years 0-99 as 1900-1999
  wall.setUTCHours(hour, minute, second, ms);
  const fields = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()];
  if (fields.some((f, i) => f !== [year, month, day, hour, minute, second][i])) return undefined;
  const zone = m[8] ?? 'Z';
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  if (Math.abs(offsetMinutes) > 18 * 60) return undefined;
  return wall.getTime() - offsetMinutes * 60_000;
}
