import { describeWhen } from './conditions.ts';
import { isOpenAt, nextOpening, wallClockLabel } from './officeHours.ts';
import type { HandoffSettings } from './settingsSchema.ts';
import { WEEKDAYS } from './zoneTime.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Handoff settings in one line, as `miaw-sim doctor` shows them: the channels, each rule, the
 * weekly hours, holidays and the after-hours choice, and whether the hours are open at `now`.
 */
export function describeHandoffSettings(settings: HandoffSettings, now: number): string {
  const parts = [`channels ${settings.channels?.join(', ') ?? 'all'}`];
  for (const rule of settings.priority) parts.push(`Priority ${rule.value} when ${describeWhen(rule.when)}`);
  for (const rule of settings.attributes) parts.push(`${Object.entries(rule.set).map(([k, v]) => `${k}=${v}`).join(', ')} when ${describeWhen(rule.when)}`);
  const hours = settings.officeHours;
  if (!hours) return [...parts, 'no office hours (hands off at any hour)'].join('; ');
  const weekly = WEEKDAYS.flatMap((day) => (hours.weekly[day]?.length ? [`${day} ${hours.weekly[day]!.map(([from, to]) => `${from}-${to}`).join(',')}`] : []));
  const opensAt = nextOpening(hours, now);
  const state = isOpenAt(hours, now) ? `open now (${wallClockLabel(hours.timeZone, now)})` : `closed now, ${opensAt === undefined ? 'no opening in the coming year' : `opens ${wallClockLabel(hours.timeZone, opensAt)}`}`;
  parts.push(`office hours ${hours.timeZone}: ${weekly.join(' ') || 'never open'}`, plural(hours.holidays.length, 'holiday'), `outside hours: ${hours.outsideHours}`, state);
  return parts.join('; ');
}
