import { z } from 'zod';
import { linearRegexProblem } from '../../shared/linearRegex.ts';
import { isTimeZone, minutesOf as minutes, WEEKDAYS } from '../../shared/zoneTime.ts';

/** Queues, routing rules and office hours: the small Omni-Channel the simulator routes with. */

export const queueName = z
  .string({ error: 'must be a queue name' })
  .regex(/^[A-Za-z0-9][\w .-]{0,79}$/, 'must be a queue name: letters, digits, space, _ . - (max 80)');

/** A user's regular expression: RE2 syntax, matched in linear time (see `shared/linearRegex.ts`). */
export const regexSource = z
  .string()
  .min(1, 'must not be empty')
  .max(500)
  .superRefine((source, ctx) => {
    const problem = linearRegexProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time "HH:MM" (00:00 to 24:00)');
const dayHours = z
  .array(z.tuple([clockTime, clockTime]).refine(([from, to]) => minutes(from) < minutes(to), 'must be ["from","to"] with from before to on the same day'))
  .describe('Open intervals, e.g. [["09:00","12:00"],["13:00","17:00"]]; a day left out is closed');

export { WEEKDAYS };

export const OfficeHours = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris" or "UTC"'),
    weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof dayHours>>).strict(),
  })
  .strict()
  .describe('Evaluated on the simulated clock; outside them routing fails with RoutingError');

export const Queue = z
  .object({
    name: queueName,
    officeHours: OfficeHours.optional().describe('Overrides the global officeHours'),
    averageHandleSeconds: z
      .number()
      .int()
      .positive()
      .max(86_400, 'must be at most a day (86400 s)')
      .optional()
      .describe('Average time a rep spends on one conversation; gives RoutingResult an estimated wait time (none = no estimate)'),
  })
  .strict();

export const RoutingRule = z
  .object({
    attribute: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be a routing attribute name (an API name)'),
    equals: z.string().optional().describe('Matches when the attribute has exactly this value'),
    matches: regexSource.optional().describe('Matches when the attribute matches this regular expression (RE2 syntax; case-sensitive, (?i) makes it case-insensitive)'),
    queue: queueName,
  })
  .strict()
  .refine((r) => (r.equals === undefined) !== (r.matches === undefined), { message: 'give exactly one of "equals" or "matches"', path: ['equals'] });

export const RoutingConfig = z
  .object({
    queues: z.array(Queue).min(1, 'must declare at least one queue'),
    rules: z.array(RoutingRule).optional().describe('Tried in order; the first match chooses the queue'),
    defaultQueue: queueName.describe('Where work goes when no rule matches'),
    officeHours: OfficeHours.optional().describe('For every queue without its own; none = always open'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = config.queues.map((q) => q.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['queues', i, 'name'], message: `queue "${name}" is declared twice` });
    });
    const known = (name: string) => names.includes(name);
    const declared = `declared: ${names.join(', ')}`;
    if (!known(config.defaultQueue)) ctx.addIssue({ code: 'custom', path: ['defaultQueue'], message: `no queue "${config.defaultQueue}" is declared (${declared})` });
    (config.rules ?? []).forEach((rule, i) => {
      if (!known(rule.queue)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'queue'], message: `no queue "${rule.queue}" is declared (${declared})` });
    });
  });

export type OfficeHours = z.infer<typeof OfficeHours>;
export type RoutingConfig = z.infer<typeof RoutingConfig>;

/** Without routing configured: one always-open queue, and work waits there until a rep accepts. */
export const DEFAULT_ROUTING: RoutingConfig = { queues: [{ name: 'Default' }], rules: [], defaultQueue: 'Default' };
