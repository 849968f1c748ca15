import type { HandoffSession, StepReport } from '../types.ts';
import { checkSettings, type SettingsDecision } from './checkSettings.ts';
import { HandoffSettingsSchema, type HandoffSettings } from './settingsSchema.ts';

/** No settings: every channel but email hands off through messaging, at any hour. */
const NO_SETTINGS: HandoffSettings = HandoffSettingsSchema.parse({});

/**
 * The handoff's first decision: `checkSettings` with the client's settings (or none), reported as
 * the `check-settings` step when settings are given, so a handoff without them reports the same
 * seven steps as before.
 */
export function decideWithSettings(settings: HandoffSettings | undefined, session: HandoffSession, now: number, report: (r: StepReport) => void): SettingsDecision {
  if (!settings) return checkSettings(NO_SETTINGS, session, now);
  report({ step: 'check-settings', status: 'started' });
  try {
    const decision = checkSettings(settings, session, now);
    report({ step: 'check-settings', status: 'done', detail: `${decision.path}: ${decision.detail}` });
    return decision;
  } catch (err) {
    report({ step: 'check-settings', status: 'failed', detail: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}
