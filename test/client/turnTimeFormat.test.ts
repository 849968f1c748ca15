import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intlTurnTimeFormat, turnTimeFormat } from '../../client/turnTimeFormat.ts';

/** Every time a Date holds: ±8.64e15 ms around the epoch (years -271821 to 275760). */
const anyTime = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
/** Times around the edges where the UTC text is written without Intl (years 1000 and 9999) and within a day of them. */
const EDGES = [Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(2024, 1, 29, 0, 0), Date.UTC(2023, 11, 31, 23, 59, 30), 0, -1];

describe('turnTimeFormat: the transcript line\'s time', () => {
  it.each(['UTC', 'utc', 'Etc/UTC', 'GMT'])('writes %s exactly as Intl does, for any time a Date can hold', (zone) => {
    const fast = turnTimeFormat(zone);
    const viaIntl = intlTurnTimeFormat(zone);
    for (const ms of EDGES) expect(fast(new Date(ms))).toBe(viaIntl(new Date(ms)));
    fc.assert(fc.property(anyTime, (at) => fast(at) === viaIntl(at)), { numRuns: 2000 });
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }).map((ms) => new Date(ms)), (at) => fast(at) === viaIntl(at)), { numRuns: 2000 });
    expect(fast(new Date(Date.UTC(2024, 4, 1, 14, 3, 59)))).toBe('2024-05-01 14:03 UTC');
  });

  it('writes other zones through Intl, named as Intl resolves them', () => {
    expect(turnTimeFormat('Europe/Paris')(new Date(Date.UTC(2024, 4, 1, 14, 3)))).toBe('2024-05-01 16:03 Europe/Paris');
    expect(() => turnTimeFormat('Mars/Olympus')).toThrow(/timeZone "Mars\/Olympus" is not a known IANA time zone/);
  });
});
