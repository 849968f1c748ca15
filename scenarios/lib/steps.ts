import { z } from 'zod';
import { SessionSpec } from './scenarioSchema.ts';

/** The closed vocabulary of scenario steps: one key per step object. */
export const STEP_SCHEMAS = {
  handoff: SessionSpec,
  repSays: z.object({ text: z.string().min(1), rep: z.string().optional() }).strict(),
  rep: z.object({ action: z.enum(['accept', 'typing', 'stop-typing', 'end-session', 'close']), rep: z.string().optional() }).strict(),
  transfer: z.object({ queue: z.string().min(1) }).strict(),
  customerSays: z.string().min(1),
  advanceClock: z.object({ ms: z.number().int().positive().optional(), seconds: z.number().positive().optional(), minutes: z.number().positive().optional() }).strict(),
  expireAccessTokens: z.literal(true),
  setPresence: z.object({ rep: z.string().min(1), presence: z.enum(['Online', 'Away', 'Offline']) }).strict(),
  fault: z.record(z.string(), z.unknown()),
  clearFaults: z.literal(true),
  waitFor: z
    .object({
      sinkMessages: z.number().int().min(1).optional(),
      event: z.enum(['message', 'typing', 'participant', 'session-ended', 'conversation-closed']).optional(),
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
    if (keys.length !== 1 || !(keys[0]! in STEP_SCHEMAS)) {
      return { path: `steps.${i}`, message: `must be an object with exactly one of ${Object.keys(STEP_SCHEMAS).join(', ')}; got ${JSON.stringify(keys)}` };
    }
    const kind = keys[0] as keyof Schemas;
    const parsed = STEP_SCHEMAS[kind].safeParse(step[kind]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { path: ['steps', i, kind, ...issue.path].join('.'), message: issue.message };
    }
    steps.push({ kind, value: parsed.data } as Step);
  }
  return steps;
}
