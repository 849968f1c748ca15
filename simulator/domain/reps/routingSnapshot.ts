import { z } from 'zod';
import { RoutingConfig } from '../routing/routingSchema.ts';
import { checkRep } from './checkRep.ts';
import { RepConfig } from './repSchema.ts';

/**
 * Routing as a state export keeps it: the queues and rules, the reps (with their user ids and
 * presence, so entries still name the same people) and which rep holds which conversation.
 */
export const RoutingSnapshot = z
  .object({
    config: RoutingConfig,
    reps: z.array(RepConfig),
    held: z.array(z.object({ conversationId: z.string(), rep: z.string() })),
    /** Reps who transferred a conversation away (not offered it again in that session); absent in exports written before it was kept. */
    declined: z.array(z.object({ conversationId: z.string(), rep: z.string() })).optional(),
  })
  .superRefine((snapshot, check) => {
    // The same rule the control API applies when a rep is added: its queues must be declared.
    for (const [i, rep] of snapshot.reps.entries()) {
      const problem = checkRep(rep, snapshot.config);
      if (problem) check.addIssue({ code: 'custom', path: ['reps', i, ...problem.path.split('.')], message: problem.message });
    }
  });

export type RoutingSnapshot = z.infer<typeof RoutingSnapshot>;
