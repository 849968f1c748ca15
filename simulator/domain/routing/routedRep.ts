import { z } from 'zod';
import { queueName } from './routingSchema.ts';

export const PRESENCES = ['Online', 'Away', 'Offline'] as const;
export const Presence = z.enum(PRESENCES, { error: 'must be Online, Away or Offline' });
export type Presence = z.infer<typeof Presence>;

/** A rep as routing needs them: who they are, which queues they take work from, how much at once, whether they are there. */
export const RoutedRep = z.object({
  name: z.string({ error: 'is required: the name the end user sees' }).min(1).max(80),
  userId: z
    .string()
    .regex(/^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'must be a User id starting with 005 (15 or 18 characters)')
    .optional()
    .describe('User record id; generated when left out'),
  queues: z.array(queueName).min(1, 'must name at least one queue'),
  capacity: z.number().int().min(1).max(100).optional().describe('Conversations at once (default 1)'),
  presence: Presence.optional().describe('Only Online reps are offered work (default Online)'),
});

export type RoutedRep = z.infer<typeof RoutedRep>;
