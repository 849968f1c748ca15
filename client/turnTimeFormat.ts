/** How a transcript line shows a turn's time: `2024-05-01 14:03 UTC`, in the given IANA time zone. */
export type TurnTimeFormat = (at: Date) => string;

/**
 * The format through Intl, for any time zone: throws a RangeError for an unknown zone. The
 * reference for `turnTimeFormat` (test/client/turnTimeFormat.test.ts compares them).
 */
export function intlTurnTimeFormat(timeZone: string): TurnTimeFormat {
  return intlFormat(timeZone).format;
}

function intlFormat(timeZone: string): { zone: string; format: TurnTimeFormat } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
  } catch {
    throw new RangeError(`[miaw-handoff] timeZone ${JSON.stringify(timeZone)} is not a known IANA time zone (e.g. "UTC", "Europe/Paris").`);
  }
  const zone = format.resolvedOptions().timeZone;
  return {
    zone,
    format: (at) => {
      const p = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${zone}`;
    },
  };
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The same text in UTC from the Date's UTC fields, without Intl's `formatToParts` (the costliest
 * part of a handoff's transcript: one ICU call and a parts array per turn). Years outside
 * 1000-9999, which Intl writes otherwise, go to Intl.
 */
function utcTurnTimeFormat(viaIntl: TurnTimeFormat): TurnTimeFormat {
  return (at) => {
    const year = at.getUTCFullYear();
    if (year < 1000 || year > 9999) return viaIntl(at);
    return `${year}-${twoDigits(at.getUTCMonth() + 1)}-${twoDigits(at.getUTCDate())} ${twoDigits(at.getUTCHours())}:${twoDigits(at.getUTCMinutes())} UTC`;
  };
}

/** Formats per time zone: building an Intl.DateTimeFormat costs more than the rest of a transcript. */
const formats = new Map<string, TurnTimeFormat>();

/** The turn-time format for `timeZone` (made once per zone); UTC, the default, skips Intl. */
export function turnTimeFormat(timeZone: string): TurnTimeFormat {
  const known = formats.get(timeZone);
  if (known) return known;
  const viaIntl = intlFormat(timeZone);
  const format = viaIntl.zone === 'UTC' ? utcTurnTimeFormat(viaIntl.format) : viaIntl.format;
  formats.set(timeZone, format);
  return format;
}
