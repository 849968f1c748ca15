import type { z } from 'zod';

/** A value checked against a schema: its data, or the first problem as the field's path (`(root)` for the value itself) and what was expected. */
export type Checked<T> = { ok: true; data: T } | { ok: false; field: string; expected: string };

/** Validate a file's parsed JSON (config, scenario, state export) so its error can name the file, the field and what was expected. */
export function checkAgainst<S extends z.ZodType>(schema: S, value: unknown): Checked<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, field: issue.path.join('.') || '(root)', expected: issue.message };
}
