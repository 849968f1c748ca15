import { z } from 'zod';
import { FaultActionSchema, FaultMatchSchema } from './faultSchema.ts';

/** Fault rules as a persisting simulator keeps them (read back from its own files, so checked like any input). */
export const FaultRulesSnapshotSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  rules: z.array(
    z.strictObject({
      rule: z.strictObject({
        id: z.string(),
        match: FaultMatchSchema,
        action: FaultActionSchema,
        times: z.number().int().positive().nullable(),
        served: z.number().int().nonnegative(),
        probability: z.number().min(0).max(1).optional(),
        seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      }),
      draws: z.number().int().nonnegative(),
    }),
  ),
});
