import { z } from 'zod';
import { RepConfig } from '../reps/repSchema.ts';
import { RoutingConfig } from './routingSchema.ts';

/**
 * Routing as a state export keeps it: the queues and rules, the reps (with their user ids and
 * presence, so entries still name the same people) and which rep holds which conversation.
 */
export const RoutingSnapshot = z.object({
  config: RoutingConfig,
  reps: z.array(RepConfig),
  held: z.array(z.object({ conversationId: z.string(), rep: z.string() })),
});

export type RoutingSnapshot = z.infer<typeof RoutingSnapshot>;
