import { z } from 'zod';
import { RoutedRep } from '../routing/routedRep.ts';
import { Script } from './scriptSchema.ts';

/** A rep: who they are, which queues they take work from, how much at once, and optionally a script. */
export const RepConfig = RoutedRep.extend({
  script: Script.optional().describe('Steps the rep runs for each conversation; without one the rep is human and accepts through the control API'),
}).strict();

export type RepConfig = z.infer<typeof RepConfig>;

/** The JSON Schema of a rep (with its script), for editors and scenario files. */
export const repJsonSchema = () => z.toJSONSchema(RepConfig, { io: 'input' });
