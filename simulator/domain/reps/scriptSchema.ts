import { z } from 'zod';
import { RepAbstractMessage } from '../conversations/messageSchema.ts';
import { queueName, regexSource } from '../routing/routingSchema.ts';
import { stringsIn, unknownPlaceholder } from './placeholders.ts';

/** A scripted rep's steps: data, validated here, executed by `ScriptRun`. */

const DAY_MS = 24 * 3600_000;
const duration = z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0).max(DAY_MS);

const text = z
  .string({ error: 'must be the text the rep says' })
  .min(1, 'must not be empty')
  .max(32_000)
  .superRefine((value, ctx) => {
    const problem = unknownPlaceholder(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Text; may use {{customer.name}}, {{rep.name}}, {{queue.name}}, {{routing.<attribute>}}, {{faker.person.firstName}}, ...');

export const STEP_KINDS = ['wait', 'accept', 'typing', 'say', 'replyWhen', 'message', 'acknowledge', 'progress', 'stream', 'waitForChoice', 'transfer', 'endSession', 'close'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * A message of any type, checked with the control API's schema but kept as written: its ids are
 * filled in afresh each time the step runs, so two conversations never share an option or message id.
 */
const message = z
  .record(z.string(), z.unknown(), { error: 'must be an abstractMessage object (messageType and its content)' })
  .superRefine((value, ctx) => {
    const parsed = RepAbstractMessage.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    for (const problem of stringsIn(value).map(unknownPlaceholder)) if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Send this abstractMessage (StaticContentMessage, ChoicesMessage or FormMessage), as POST /__sim/v1/conversations/:id/messages takes it; placeholders work in every text (message text, option titles, form labels)');

/** The word a `waitForChoice` branch falls back on. */
export const OTHERWISE = 'otherwise';

export interface ScriptStepInput {
  wait?: number;
  accept?: true;
  typing?: number;
  say?: string;
  replyWhen?: { pattern: string; say: string };
  message?: Record<string, unknown>;
  acknowledge?: 'Delivery' | 'Read';
  progress?: string;
  stream?: { tokens: string[]; everyMs?: number };
  waitForChoice?: Record<string, ScriptStepInput[]>;
  transfer?: string;
  endSession?: true;
  close?: true;
}

export const ScriptStep: z.ZodType<ScriptStepInput> = z
  .object({
    wait: duration.optional().describe('Wait this many ms of simulated time'),
    accept: z.literal(true).optional().describe('Accept the offered work: the rep joins (ParticipantChanged add)'),
    typing: duration.optional().describe('Typing started, then stopped after this many ms'),
    say: text.optional(),
    replyWhen: z
      .object({ pattern: regexSource.describe('Regular expression (RE2 syntax), matched case-insensitively'), say: text })
      .strict()
      .optional()
      .describe("Wait for the end user's next message matching pattern, then say"),
    message: message.optional(),
    acknowledge: z.enum(['Delivery', 'Read'], { error: 'must be Delivery or Read' }).optional().describe("Acknowledge the end user's latest message as delivered or read"),
    progress: text.max(1000).optional().describe('Show a progress indicator (ProgressUpdateIndicator) with this text'),
    stream: z
      .object({
        tokens: z.array(text, { error: 'is required: the tokens, in order' }).min(1, 'must contain at least one token').max(500),
        everyMs: duration.optional().describe('Simulated time between tokens (0 unless told)'),
      })
      .strict()
      .optional()
      .describe('Stream a reply token by token (StreamingToken entries), then send the final message: the tokens joined, with the id the tokens named'),
    get waitForChoice() {
      return z
        .record(
          z.string().min(1, 'must not be empty').max(255),
          z.lazy(() => Script),
          { error: 'must map option titles or option identifiers (and "otherwise") to steps' },
        )
        .refine((branches) => Object.keys(branches).length >= 1 && Object.keys(branches).length <= 50, 'must have 1 to 50 branches')
        .optional()
        .describe('Wait for the end user\'s answer (a choice, or its title as text) and run the steps under the option\'s title or identifier (case-insensitive), else those under "otherwise"; without "otherwise" other answers are ignored. Then go on after this step');
    },
    transfer: queueName.optional().describe('Transfer the work to this queue (the rep leaves)'),
    endSession: z.literal(true).optional().describe('End the messaging session'),
    close: z.literal(true).optional().describe('Close the conversation'),
  })
  .strict()
  .refine((step) => STEP_KINDS.filter((k) => step[k] !== undefined).length === 1, { message: `a step is exactly one of ${STEP_KINDS.join(', ')}` })
  .meta({ minProperties: 1, maxProperties: 1 });

export const Script: z.ZodType<ScriptStepInput[]> = z.array(ScriptStep).max(1000).meta({ id: 'Script', description: 'Steps run in order for every conversation the rep is offered' });

export type ScriptStep = ScriptStepInput;
export type Script = ScriptStepInput[];

/** Which of the step's keys is set (the schema guarantees exactly one). */
export const stepKind = (step: ScriptStep): StepKind => STEP_KINDS.find((k) => step[k] !== undefined) ?? 'wait';

/** Every step of a script, those in `waitForChoice` branches too, with its path (`3`, `3.waitForChoice.Refund.0`). */
export function* allSteps(script: Script, path = ''): Generator<{ path: string; step: ScriptStep }> {
  for (const [i, step] of script.entries()) {
    yield { path: `${path}${i}`, step };
    for (const [key, branch] of Object.entries(step.waitForChoice ?? {})) yield* allSteps(branch, `${path}${i}.waitForChoice.${key}.`);
  }
}

/** Every text a script may say (its `say` steps and `replyWhen` replies). */
export const scriptTexts = (script: Script): string[] => [...allSteps(script)].flatMap(({ step }) => [step.say, step.replyWhen?.say]).filter((t): t is string => t !== undefined);
