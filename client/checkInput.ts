import type { z } from 'zod';
import { HandoffConfigError } from './errors.ts';

/**
 * What a caller hands the client (a session, a file), checked before anything is sent: the first
 * problem becomes a HandoffConfigError naming its field under `root` (`session.history.2.speaker`).
 */
export function checkInput<T extends z.ZodType>(schema: T, input: unknown, what: { root: string; label: string; hint: string }): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [what.root, ...issue.path.map(String)].join('.');
  throw new HandoffConfigError({ step: 'configure', message: `Invalid ${what.label}: ${field}: ${issue.message}`, hint: what.hint });
}
