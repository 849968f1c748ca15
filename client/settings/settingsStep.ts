import type { HandoffSession, StepReport } from '../types.ts';
import { checkSettings, routingRules, type SettingsDecision } from './checkSettings.ts';
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

/**
 * `openCase()`'s use of the settings: the caller chose the Email Case path, so the way is not
 * decided again (neither `channels` nor `officeHours` refuse or redirect it: a case waits in its
 * queue whatever the hour, as for an email conversation), but the priority and attribute rules
 * route the case as they would the conversation. Reported as the `check-settings` step when
 * settings are given.
 */
export function caseRoutingWithSettings(settings: HandoffSettings | undefined, session: HandoffSession, report: (r: StepReport) => void): { priority?: string; set: Record<string, string> } {
  if (!settings) return { set: {} };
  report({ step: 'check-settings', status: 'started' });
  const { priority, attributes, notes } = routingRules(settings, session);
  report({ step: 'check-settings', status: 'done', detail: ['email-case: openCase chose it (channels and office hours not checked)', ...notes].join('; ') });
  return { ...(priority ? { priority } : {}), set: attributes };
}
