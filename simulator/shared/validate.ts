import type { z } from 'zod';
import { badRequest } from './errors.ts';

/**
 * Parse untrusted input with a schema; the first problem becomes a 400 that names the field path
 * and what was expected.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' = 'body'): z.infer<S> {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw badRequest('INVALID_REQUEST', `Invalid request ${where}.`);
  const path = issue.path.length ? issue.path.join('.') : where;
  throw badRequest('INVALID_REQUEST', `Invalid request ${where}: ${path}: ${issue.message}`);
}
