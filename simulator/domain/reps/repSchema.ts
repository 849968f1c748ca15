import { z } from 'zod';
import { queueName } from '../routing/routingSchema.ts';
import { Script } from './scriptSchema.ts';

export const PRESENCES = ['Online', 'Away', 'Offline'] as const;
export const Presence = z.enum(PRESENCES, { error: 'must be Online, Away or Offline' });
export type Presence = z.infer<typeof Presence>;

/** A rep: who they are, which queues they take work from, how much at once, and optionally a script. */
export const RepConfig = z
  .object({
    name: z.string({ error: 'is required: the name the end user sees' }).min(1).max(80),
    userId: z
      .string()
      .regex(/^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'must be a User id starting with 005 (15 or 18 characters)')
      .optional()
      .describe('User record id; generated when left out'),
    queues: z.array(queueName).min(1, 'must name at least one queue'),
    capacity: z.number().int().min(1).max(100).optional().describe('Conversations at once (default 1)'),
    presence: Presence.optional().describe('Only Online reps are offered work (default Online)'),
    script: Script.optional().describe('Steps the rep runs for each conversation; without one the rep is human and accepts through the control API'),
  })
  .strict();

export type RepConfig = z.infer<typeof RepConfig>;

/** The JSON Schema of a rep (with its script), for editors and scenario files. */
export const repJsonSchema = () => z.toJSONSchema(RepConfig, { io: 'input' });
