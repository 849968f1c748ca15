import type { z } from 'zod';
import { HandoffSettingsError } from './settingsErrors.ts';
import { HandoffSettingsSchema, type HandoffSettings } from './settingsSchema.ts';

/** A settings issue as the named error: the field path from `settings.` on, and what is wrong with it. */
export function settingsError(issue: z.core.$ZodIssue, path: PropertyKey[] = issue.path, where?: string): HandoffSettingsError {
  const field = ['settings', ...path].map(String).join('.');
  // A record key's own problem (an attribute name) sits one level down.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return new HandoffSettingsError({ step: 'configure', message: `Invalid handoff settings${where ? ` in ${where}` : ''}: ${field} ${message}`, hint: 'fix the settings value named above (README, "Handoff settings")' });
}

/** Validate handoff settings on their own (the settings file does, `where` naming the file); errors name the field. */
export function parseHandoffSettings(input: unknown, where?: string): HandoffSettings {
  const parsed = HandoffSettingsSchema.safeParse(input);
  if (!parsed.success) throw settingsError(parsed.error.issues[0]!, undefined, where);
  return parsed.data;
}
