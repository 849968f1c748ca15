import { z } from 'zod';
import { queueName, regexSource } from '../routing/routingSchema.ts';
import { unknownPlaceholder } from './placeholders.ts';

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

export const STEP_KINDS = ['wait', 'accept', 'typing', 'say', 'replyWhen', 'transfer', 'endSession', 'close'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const ScriptStep = z
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
    transfer: queueName.optional().describe('Transfer the work to this queue (the rep leaves)'),
    endSession: z.literal(true).optional().describe('End the messaging session'),
    close: z.literal(true).optional().describe('Close the conversation'),
  })
  .strict()
  .refine((step) => STEP_KINDS.filter((k) => step[k] !== undefined).length === 1, { message: `a step is exactly one of ${STEP_KINDS.join(', ')}` })
  .meta({ minProperties: 1, maxProperties: 1 });

export const Script = z.array(ScriptStep).max(1000).describe('Steps run in order for every conversation the rep is offered');

export type ScriptStep = z.infer<typeof ScriptStep>;
export type Script = z.infer<typeof Script>;

/** Which of the step's keys is set (the schema guarantees exactly one). */
export const stepKind = (step: ScriptStep): StepKind => STEP_KINDS.find((k) => step[k] !== undefined) ?? 'wait';

/** Every text a script may say (its `say` steps and `replyWhen` replies). */
export const scriptTexts = (script: Script): string[] => script.flatMap((step) => [step.say, step.replyWhen?.say]).filter((t): t is string => t !== undefined);
