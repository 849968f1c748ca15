import { z } from 'zod';
import { isTimeZone, WEEKDAYS } from '../../client/settings/zoneTime.ts';
import { checkAgainst, ClockAdvance } from '../../simulator/index.ts';
import { SessionSpec } from './scenarioSchema.ts';

/** The closed vocabulary of scenario steps: one key per step object. */
/** Which conversation a rep step acts on, when not the latest (a session saved with several). */
const conversation = z.number().int().min(1).max(1000).optional().describe('the nth conversation the client created in this run (1: the first); default the latest (an external client: the first)');

export const STEP_SCHEMAS = {
  handoff: SessionSpec,
  repSays: z.object({ text: z.string().min(1), rep: z.string().optional(), conversation }).strict(),
  rep: z.object({ action: z.enum(['accept', 'typing', 'stop-typing', 'end-session', 'close']), rep: z.string().optional(), conversation }).strict(),
  transfer: z.object({ queue: z.string().min(1), conversation }).strict(),
  customerSays: z
    .union([z.string().min(1), z.object({ text: z.string().min(1), conversation }).strict()])
    .describe('the customer writes on their channel (sendCustomerMessage); {"text", "conversation": n} on the nth conversation the client created, not the latest'),
  repSends: z.object({ message: z.record(z.string(), z.unknown()).describe('an abstractMessage as Salesforce documents it (body of POST /__sim/v1/conversations/:id/messages)'), rep: z.string().optional(), conversation }).strict(),
  repEvent: z.object({ event: z.record(z.string(), z.unknown()).describe('progress, streaming-tokens or custom (body of POST /__sim/v1/conversations/:id/events)'), rep: z.string().optional(), conversation }).strict(),
  customerAnswers: z
    .union([
      z.string().min(1),
      z
        .object({
          option: z.string().min(1).optional().describe("handoff.answer: an option's id, number or title, else plain text"),
          form: z.record(z.string(), z.unknown()).optional().describe("handoff.answerForm: the open form's values by input name"),
          conversation,
        })
        .strict()
        .refine((a) => (a.option === undefined) !== (a.form === undefined), { message: 'needs exactly one of option or form' }),
    ])
    .describe('the customer answers the open choice ("<option>", or {"option"}) or form ({"form": {values}}), with "conversation": n on the nth conversation, not the latest'),
  customerSendsFile: z
    .object({
      name: z.string().min(1).max(255).describe('the file name'),
      mimeType: z.string().min(1).max(255).describe('its MIME type, e.g. "image/png"'),
      data: z.base64('must be base64').min(1, 'must not be empty').optional().describe('the file itself, base64'),
      sizeBytes: z.number().int().min(1).max(5 * 1024 * 1024).optional().describe('instead of data: a file of that many zero bytes (a saved session records sizes, not contents)'),
      text: z.string().optional().describe('a caption'),
      conversation,
    })
    .strict()
    .refine((f) => (f.data === undefined) !== (f.sizeBytes === undefined), { message: 'needs exactly one of data (base64) or sizeBytes' })
    .describe('the customer sends a file (handoff.sendFile): inline as base64 data, or sizeBytes zero bytes; "conversation": n on the nth conversation'),
  customerReads: z.literal('all').describe('the channel reports every rep message delivered so far as read'),
  advanceClock: ClockAdvance,
  advanceClockTo: z
    .object({
      weekday: z.enum(WEEKDAYS),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:MM"'),
      timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris" or "UTC"'),
    })
    .strict()
    .describe('move simulated time forward to the next such weekday and time (within a week), e.g. to be outside office hours'),
  disconnect: z.literal(true).describe("the client's disconnect(): new handoffs are refused, active conversations go on"),
  expireAccessTokens: z.literal(true),
  setPresence: z.object({ rep: z.string().min(1), presence: z.enum(['Online', 'Away', 'Offline']) }).strict(),
  fault: z.record(z.string(), z.unknown()),
  clearFaults: z.literal(true),
  waitFor: z
    .object({
      sinkMessages: z.number().int().min(1).optional(),
      event: z.enum(['message', 'typing', 'participant', 'progress', 'message-partial', 'receipt', 'session-ended', 'conversation-closed']).optional(),
      timeoutMs: z.number().int().positive().max(30_000).optional(),
    })
    .strict(),
} as const;

type Schemas = typeof STEP_SCHEMAS;
export type Step = { [K in keyof Schemas]: { kind: K; value: z.output<Schemas[K]> } }[keyof Schemas];

/** Validate raw steps; the error names the step index, its kind and the field. */
export function parseSteps(raw: Array<Record<string, unknown>>): Step[] | { path: string; message: string } {
  const steps: Step[] = [];
  for (const [i, step] of raw.entries()) {
    const keys = Object.keys(step);
    if (keys.length !== 1 || !Object.hasOwn(STEP_SCHEMAS, keys[0]!)) {
      return { path: `steps.${i}`, message: `must be an object with exactly one of ${Object.keys(STEP_SCHEMAS).join(', ')}; got ${JSON.stringify(keys)}` };
    }
    const kind = keys[0] as keyof Schemas;
    const checked = checkAgainst(STEP_SCHEMAS[kind], step[kind]);
    if (!checked.ok) return { path: ['steps', i, kind, ...checked.path].map(String).join('.'), message: checked.expected };
    steps.push({ kind, value: checked.data } as Step);
  }
  return steps;
}
