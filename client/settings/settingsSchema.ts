import { z } from 'zod';
import { linearRegexProblem } from '../linearRegex.ts';
import { routingAttributeNameProblem, sessionPathProblem } from '../routingAttributes.ts';
import { isTimeZone, minutesOf, WEEKDAYS, type Weekday } from './zoneTime.ts';

/**
 * Handoff settings: global rules (which channels hand off, priority, extra routing attributes) and
 * office hours, given as `createHandoffClient({ ..., settings })` or saved in the settings file.
 * Conditions are data (equals / in / matches), never code.
 */

const CHANNELS = ['web', 'whatsapp', 'sms', 'phone', 'email'] as const;

const sessionPath = z.string().superRefine((path, ctx) => {
  const problem = sessionPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One test of a session value; the value is compared as a string (`true` equals `"true"`). */
export const Condition = z.union(
  [
    z.object({ field: sessionPath, equals: scalar }).strict(),
    z.object({ field: sessionPath, in: z.array(scalar).min(1, 'must list at least one value').max(100) }).strict(),
    z
      .object({
        field: sessionPath,
        matches: z
          .string()
          .min(1)
          .max(500)
          .superRefine((source, ctx) => {
            const problem = linearRegexProblem(source);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      })
      .strict(),
  ],
  { error: 'must be {"field", "equals"}, {"field", "in": [...]} or {"field", "matches": "<RE2 pattern>"}' },
);
/** One condition, or several that must all hold. */
const When = z.union([Condition, z.array(Condition).min(1).max(20)]);

const attributeName = z.string().superRefine((name, ctx) => {
  const problem = routingAttributeNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const attributeValue = z.string().max(255, 'must be at most 255 characters (a hidden pre-chat field)');

const startTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:MM" (00:00 to 23:59)');
const endTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time "HH:MM" (00:00 to 24:00)');
const range = z
  .tuple([startTime, endTime])
  .refine(([from, to]) => minutesOf(from) !== minutesOf(to), 'must be ["from","to"] with two different times (a "to" before "from" runs past midnight; all day is ["00:00","24:00"])');
const ranges = z.array(range).max(24).describe('Open ranges, e.g. [["09:00","12:00"],["13:00","17:00"]]; ["22:00","02:00"] runs past midnight');

/** Whether "YYYY-MM-DD" names a real day (2026-02-30 and 2026-13-45 do not): never throws. */
function isCalendarDate(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date);
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"')
  .refine(isCalendarDate, 'is not a calendar date');

const Holiday = z
  .object({
    date: isoDate,
    name: z.string().max(80).optional(),
    open: ranges.optional().describe('A partial holiday: the ranges open that day instead of the weekly ones; none = closed all day'),
  })
  .strict();

export const OfficeHoursSettings = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris" or "UTC"'),
    weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, ranges.optional()])) as Record<Weekday, z.ZodOptional<typeof ranges>>).strict(),
    holidays: z.array(Holiday).max(400).default([]),
    outsideHours: z.enum(['handoff', 'email-case', 'refuse'], {
      error: 'must be "handoff" (Salesforce queues it), "email-case" (open an Email Case) or "refuse" (OutsideOfficeHoursError)',
    }),
  })
  .strict()
  .superRefine((hours, ctx) => {
    const seen = new Set<string>();
    hours.holidays.forEach((h, i) => {
      if (seen.has(h.date)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `${h.date} is listed twice` });
      seen.add(h.date);
    });
  });

export const HandoffSettingsSchema = z
  .object({
    channels: z.array(z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` })).min(1, 'must allow at least one channel (leave it out to allow all)').optional(),
    priority: z
      .array(z.object({ when: When, value: attributeValue.min(1) }).strict())
      .max(50)
      .default([])
      .describe('The first rule whose condition holds sets Priority when the session gives none (default Low)'),
    attributes: z
      .array(z.object({ when: When, set: z.record(attributeName, attributeValue) }).strict())
      .max(50)
      .default([])
      .describe('Every rule whose condition holds adds its routing attributes (later rules win)'),
    officeHours: OfficeHoursSettings.optional(),
  })
  .strict();

export type HandoffSettingsInput = z.input<typeof HandoffSettingsSchema>;
export type HandoffSettings = z.output<typeof HandoffSettingsSchema>;
export type OfficeHours = z.output<typeof OfficeHoursSettings>;
export type SettingsCondition = z.output<typeof Condition>;
export type SettingsWhen = z.output<typeof When>;
