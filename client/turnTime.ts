/** An ISO date-time without an offset is read as UTC, not as the server's local time. */
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** When a history turn was said (epoch ms, ISO 8601 string or Date), or undefined when that is no valid time. */
export function turnTime(at: unknown): Date | undefined {
  let ms = Number.NaN;
  if (at instanceof Date) ms = at.getTime();
  else if (typeof at === 'number') ms = at;
  else if (typeof at === 'string') ms = Date.parse(ISO_WITHOUT_OFFSET.test(at.trim()) ? `${at.trim()}Z` : at);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
