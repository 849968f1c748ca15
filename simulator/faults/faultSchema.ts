import { z } from 'zod';
import { compilePathPattern } from './pathPattern.ts';

/** The statuses a status fault may answer with: the ones MIAW clients have to handle. */
export const FAULT_STATUSES = [401, 403, 404, 417, 429, 500, 502, 503, 504] as const;
export const ACTION_TYPES = ['status', 'delay', 'reset', 'reset-after', 'drop-stream'] as const;
/** The only path a `drop-stream` fault can apply to. */
export const EVENT_STREAM_PATH = '/eventrouter/v1/sse';

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? `is required: ${what}` : undefined);
const oneOf = (values: readonly unknown[]) => (issue: { input: unknown }) =>
  issue.input === undefined ? `is required: one of ${values.join(', ')}` : `must be one of ${values.join(', ')}`;
const count = (what: string) => z.number({ error: required(what) }).int('must be a whole number').min(0, 'must not be negative');

const Status = z.strictObject({
  type: z.literal('status'),
  status: z.literal(FAULT_STATUSES, { error: oneOf(FAULT_STATUSES) }),
  retryAfterSeconds: count('seconds').max(86_400, 'must be at most 86400 (a day)').optional(),
  message: z.string().min(1, 'must not be empty').max(500).optional(),
});
const Delay = z.strictObject({ type: z.literal('delay'), ms: count('milliseconds to wait').max(300_000, 'must be at most 300000 (5 minutes)') });
const Reset = z.strictObject({ type: z.literal('reset') });
const ResetAfter = z.strictObject({ type: z.literal('reset-after') });
const DropStream = z.strictObject({ type: z.literal('drop-stream'), afterEvents: count('events').max(10_000).optional() });

/** What a fault does: a closed vocabulary, each kind with only the fields it needs. */
export const FaultActionSchema = z.discriminatedUnion('type', [Status, Delay, Reset, ResetAfter, DropStream], { error: oneOf(ACTION_TYPES) });

/** Which requests a fault applies to: the method (any when left out) and a path, exact or with `*` wildcards. */
export const FaultMatchSchema = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'must be an HTTP method such as GET or POST')
    .transform((m) => m.toUpperCase())
    .optional(),
  path: z
    .string({ error: required('the request path, e.g. /iamessage/api/v2/conversation or /iamessage/api/v2/conversation/*/message') })
    .startsWith('/', 'must start with /')
    .max(500)
    .refine((p) => !p.startsWith('/__sim'), 'must not be a /__sim path: faults never apply to the control API'),
});

/** How many requests a rule (or sequence step) serves; unlimited when left out. */
const Times = z.number().int('must be a whole number').positive('must be at least 1').optional();

const SequenceStep = z.strictObject({ action: FaultActionSchema, times: Times });

export type FaultAction = z.infer<typeof FaultActionSchema>;
export type FaultMatch = z.infer<typeof FaultMatchSchema>;
/** One step of what `POST /__sim/v1/faults` asks for; a single rule is a sequence of one. */
export type FaultStep = z.infer<typeof SequenceStep>;

/**
 * The body of `POST /__sim/v1/faults`: one rule `{match, action, times?}` or a sequence
 * `{match, sequence: [{action, times?}, ...]}` whose steps serve the match in order. Either way it
 * comes out as one match and its steps.
 */
export const FaultRequestSchema = z
  .strictObject({
    match: FaultMatchSchema,
    action: FaultActionSchema.optional(),
    times: Times,
    sequence: z.array(SequenceStep).min(1, 'must have at least one step').max(100, 'must have at most 100 steps').optional(),
  })
  .superRefine((body, check) => {
    const issue = (path: PropertyKey[], message: string) => check.addIssue({ code: 'custom', path, message });
    if (!body.action === !body.sequence) return issue([], 'send either "action" (one rule) or "sequence" (steps served in order), not both or neither');
    if (body.sequence && body.times !== undefined) return issue(['times'], 'goes on each sequence step, not next to "sequence"');
    body.sequence?.slice(0, -1).forEach((step, i) => {
      if (step.times === undefined) issue(['sequence', i, 'times'], 'is required on every step but the last (an unlimited step would hide the ones after it)');
    });
    const dropsStream = (body.sequence?.map((s) => s.action) ?? [body.action]).some((a) => a?.type === 'drop-stream');
    const onStream = compilePathPattern(body.match.path)(EVENT_STREAM_PATH) && (!body.match.method || body.match.method === 'GET');
    if (dropsStream && !onStream) issue(['match', 'path'], `must match GET ${EVENT_STREAM_PATH}: drop-stream applies only to the event stream`);
  })
  .transform((body): { match: FaultMatch; steps: FaultStep[] } => ({
    match: body.match,
    steps: body.sequence ?? (body.action ? [{ action: body.action, times: body.times }] : []),
  }));
