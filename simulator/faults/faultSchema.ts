import { z } from 'zod';
import { compilePathPattern } from './pathPattern.ts';

/** The statuses a status fault may answer with: the ones MIAW clients have to handle. */
export const FAULT_STATUSES = [401, 403, 404, 417, 429, 500, 502, 503, 504] as const;
export const ACTION_TYPES = ['status', 'delay', 'reset', 'reset-after', 'hang', 'drop-stream', 'stall-stream', 'cut-stream'] as const;
/** Actions that only make sense on the event stream. */
export const STREAM_ACTION_TYPES: ReadonlySet<string> = new Set(['drop-stream', 'stall-stream', 'cut-stream']);
/** The only path a stream fault (`drop-stream`, `stall-stream`, `cut-stream`) can apply to. */
export const EVENT_STREAM_PATH = '/eventrouter/v1/sse';

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? `is required: ${what}` : undefined);
const oneOf = (values: readonly unknown[]) => (issue: { input: unknown }) =>
  issue.input === undefined ? `is required: one of ${values.join(', ')}` : `must be one of ${values.join(', ')}`;
const count = (what: string) => z.number({ error: required(what) }).int('must be a whole number').min(0, 'must not be negative');
const afterEvents = count('events').max(10_000).optional();

const Status = z.strictObject({
  type: z.literal('status'),
  status: z.literal(FAULT_STATUSES, { error: oneOf(FAULT_STATUSES) }),
  retryAfterSeconds: count('seconds').max(86_400, 'must be at most 86400 (a day)').optional(),
  message: z.string().min(1, 'must not be empty').max(500).optional(),
});
const Delay = z.strictObject({ type: z.literal('delay'), ms: count('milliseconds to wait').max(300_000, 'must be at most 300000 (5 minutes)') });
const Reset = z.strictObject({ type: z.literal('reset') });
const ResetAfter = z.strictObject({ type: z.literal('reset-after') });
const Hang = z.strictObject({ type: z.literal('hang') });
const DropStream = z.strictObject({ type: z.literal('drop-stream'), afterEvents });
const StallStream = z.strictObject({ type: z.literal('stall-stream') });
const CutStream = z.strictObject({ type: z.literal('cut-stream'), afterEvents });

/** What a fault does: a closed vocabulary, each kind with only the fields it needs. */
export const FaultActionSchema = z.discriminatedUnion('type', [Status, Delay, Reset, ResetAfter, Hang, DropStream, StallStream, CutStream], { error: oneOf(ACTION_TYPES) });

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
/** Chance that a matching request is served by the rule; the others pass it without using its budget. */
const Probability = z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional();
/** Seed of the rule's random draws: the same seed and request order serve the same faults. */
const Seed = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(2 ** 32 - 1, 'must be at most 4294967295').optional();

const SequenceStep = z.strictObject({ action: FaultActionSchema, times: Times, probability: Probability, seed: Seed });

export type FaultAction = z.infer<typeof FaultActionSchema>;
export type FaultMatch = z.infer<typeof FaultMatchSchema>;
/** One step of what `POST /__sim/v1/faults` asks for; a single rule is a sequence of one. */
export type FaultStep = z.infer<typeof SequenceStep>;

type Check = z.core.$RefinementCtx;
const issueOn = (check: Check) => (path: PropertyKey[], message: string) => check.addIssue({ code: 'custom', path, message });

/** `seed` without `probability` would do nothing; say so rather than ignore it. */
function checkSeed(step: { probability?: number; seed?: number }, at: PropertyKey[], check: Check): void {
  if (step.seed !== undefined && step.probability === undefined) issueOn(check)([...at, 'seed'], 'is only used with "probability" (0 to 1): add one or leave the seed out');
}

/**
 * The body of `POST /__sim/v1/faults`: one rule `{match, action, times?, probability?, seed?}` or a
 * sequence `{match, sequence: [{action, times?, probability?, seed?}, ...]}` whose steps serve the
 * match in order. Either way it comes out as one match and its steps.
 */
export const FaultRequestSchema = z
  .strictObject({
    match: FaultMatchSchema,
    action: FaultActionSchema.optional(),
    times: Times,
    probability: Probability,
    seed: Seed,
    sequence: z.array(SequenceStep).min(1, 'must have at least one step').max(100, 'must have at most 100 steps').optional(),
  })
  .superRefine((body, check) => {
    const issue = issueOn(check);
    if (!body.action === !body.sequence) return issue([], 'send either "action" (one rule) or "sequence" (steps served in order), not both or neither');
    for (const field of ['times', 'probability', 'seed'] as const) {
      if (body.sequence && body[field] !== undefined) return issue([field], 'goes on each sequence step, not next to "sequence"');
    }
    checkSeed(body, [], check);
    body.sequence?.forEach((step, i) => {
      if (i < body.sequence!.length - 1 && step.times === undefined) issue(['sequence', i, 'times'], 'is required on every step but the last (an unlimited step would hide the ones after it)');
      checkSeed(step, ['sequence', i], check);
    });
    const streamAction = (body.sequence?.map((s) => s.action) ?? [body.action]).find((a) => a && STREAM_ACTION_TYPES.has(a.type));
    const onStream = compilePathPattern(body.match.path)(EVENT_STREAM_PATH) && (!body.match.method || body.match.method === 'GET');
    if (streamAction && !onStream) issue(['match', 'path'], `must match GET ${EVENT_STREAM_PATH}: ${streamAction.type} applies only to the event stream`);
  })
  .transform((body): { match: FaultMatch; steps: FaultStep[] } => ({
    match: body.match,
    steps: body.sequence ?? (body.action ? [{ action: body.action, times: body.times, probability: body.probability, seed: body.seed }] : []),
  }));
