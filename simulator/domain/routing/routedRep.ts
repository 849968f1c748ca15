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
    .regex(/^(005|0Xx)[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, "must be a User id starting with 005, or a bot's BotDefinition id starting with 0Xx (15 or 18 characters)")
    .optional()
    .describe('User record id (a bot: its BotDefinition id, 0Xx); generated when left out'),
  bot: z.boolean({ error: 'must be true (an Einstein or Agentforce bot) or false' }).optional().describe('An Einstein or Agentforce bot: it takes part with role Chatbot (default false: a human, role Agent)'),
  queues: z.array(queueName).min(1, 'must name at least one queue'),
  capacity: z.number().int().min(1).max(100).optional().describe('Conversations at once (default 1)'),
  presence: Presence.optional().describe('Only Online reps are offered work (default Online)'),
});

export type RoutedRep = z.infer<typeof RoutedRep>;

/** A bot's id names a BotDefinition (`0Xx`), a human's a User (`005`). */
export const repIdPrefix = (rep: RoutedRep): string => (rep.bot ? '0Xx' : '005');
