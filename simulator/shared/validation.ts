import type { z } from 'zod';
import { badRequest } from './errors.ts';

/** A value checked against a schema: its data, or the first problem: its path, as a field name (`(root)` for the value itself), and what was expected. */
export type Checked<T> = { ok: true; data: T } | { ok: false; path: PropertyKey[]; field: string; expected: string };

/**
 * The one place a zod problem becomes a field path and a message: request bodies and queries
 * (`parseInput`), config, scenario and state files (their loaders name the file), scenario steps.
 */
export function checkAgainst<S extends z.ZodType>(schema: S, value: unknown): Checked<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  return { ok: false, path, field: path.map(String).join('.') || '(root)', expected: issue ? expectedOf(issue) : 'is not valid' };
}

/**
 * What an issue says. A schema's own message (`z.string({ error: 'is required: …' })`) is also
 * what zod says for its size checks that carry none, so a value only too long or too many would
 * read "is required": such an issue says its limit instead.
 */
function expectedOf(issue: z.core.$ZodIssue): string {
  if ((issue.code !== 'too_big' && issue.code !== 'too_small') || !issue.message.startsWith('is required')) return issue.message;
  const limit = issue.code === 'too_big' ? `at most ${String(issue.maximum)}` : `at least ${String(issue.minimum)}`;
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
  return `must be ${limit}${unit}`;
}

/**
 * Parse untrusted input with a schema; the first problem becomes a 400 that names the field path
 * and what was expected.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' = 'body'): z.infer<S> {
  const checked = checkAgainst(schema, input ?? (where === 'body' ? undefined : {}));
  if (checked.ok) return checked.data;
  throw badRequest('INVALID_REQUEST', `Invalid request ${where}: ${checked.path.length ? checked.field : where}: ${checked.expected}`);
}
