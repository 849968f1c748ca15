import { linearRegex } from '../linearRegex.ts';
import { readSessionPath } from '../routingAttributes.ts';
import type { HandoffSession } from '../types.ts';
import type { SettingsCondition, SettingsWhen } from './settingsSchema.ts';

/** A session value as the text a condition compares; objects, arrays and missing values have none. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Whether one condition holds for the session: equals, in a list, or matches a pattern (RE2, linear time). */
export function conditionHolds(condition: SettingsCondition, session: HandoffSession): boolean {
  const text = textOf(readSessionPath(session, condition.field));
  if (text === undefined) return false;
  if ('equals' in condition) return text === String(condition.equals);
  if ('in' in condition) return condition.in.some((value) => text === String(value));
  return linearRegex(condition.matches).test(text);
}

/** A rule's `when`: one condition, or a list that must all hold. */
export const whenHolds = (when: SettingsWhen, session: HandoffSession): boolean =>
  Array.isArray(when) ? when.every((c) => conditionHolds(c, session)) : conditionHolds(when, session);

/** `contact.tier equals "VIP"`: a condition in words, for step details and the doctor. */
export function describeWhen(when: SettingsWhen): string {
  const one = (c: SettingsCondition) =>
    'equals' in c ? `${c.field} equals ${JSON.stringify(c.equals)}` : 'in' in c ? `${c.field} in ${JSON.stringify(c.in)}` : `${c.field} matches ${JSON.stringify(c.matches)}`;
  return Array.isArray(when) ? when.map(one).join(' and ') : one(when);
}
