import type { HandoffSession } from '../types.ts';
import { describeWhen, whenHolds } from './conditions.ts';
import { isOpenAt, nextOpening, wallClockLabel } from './officeHours.ts';
import { ChannelNotAllowedError, OutsideOfficeHoursError } from './settingsErrors.ts';
import type { HandoffSettings } from './settingsSchema.ts';

/** What the settings decided for one session, before anything is sent. */
export interface SettingsDecision {
  /** Which way the conversation goes: Messaging for In-App and Web, or an Email Case (the `email` channel's path). */
  path: 'messaging' | 'email-case';
  /** `Priority` from the first priority rule that holds (the session's own priority still wins). */
  priority?: string;
  /** Routing attributes from every attribute rule that holds. */
  attributes: Record<string, string>;
  /** With office hours: whether they are open now, and when they open next when closed. */
  open?: boolean;
  opensAt?: number;
  /** The decision in words, for the `check-settings` step report. */
  detail: string;
}

/** What the settings' routing rules give a session: the first priority rule that holds, every attribute rule that holds, and each in words. */
export interface RoutingRules {
  priority?: string;
  attributes: Record<string, string>;
  notes: string[];
}

/**
 * The settings' priority and attribute rules for a session: what routes it, by messaging or as an
 * Email Case. The way it goes (channels, office hours) is `checkSettings`'s decision, not this.
 */
export function routingRules(settings: HandoffSettings, session: HandoffSession): RoutingRules {
  const notes: string[] = [];
  const priorityRule = settings.priority.find((rule) => whenHolds(rule.when, session));
  if (priorityRule) notes.push(`Priority ${priorityRule.value} (${describeWhen(priorityRule.when)})${session.priority?.trim() ? `, but the session's own Priority ${session.priority} wins` : ''}`);
  const attributes: Record<string, string> = {};
  for (const rule of settings.attributes) {
    if (!whenHolds(rule.when, session)) continue;
    Object.assign(attributes, rule.set);
    notes.push(`${Object.keys(rule.set).join(', ')} (${describeWhen(rule.when)})`);
  }
  return { ...(priorityRule ? { priority: priorityRule.value } : {}), attributes, notes };
}

/**
 * Apply the handoff settings to a session at `now` (the client's clock): refuse a channel they do
 * not allow (`ChannelNotAllowedError`), pick the priority and extra attributes, and outside office
 * hours hand off anyway, choose the Email Case path, or refuse (`OutsideOfficeHoursError`, with
 * the next opening). Email conversations always take the Email Case path: a case waits in its queue
 * whatever the hour.
 */
export function checkSettings(settings: HandoffSettings, session: HandoffSession, now: number): SettingsDecision {
  if (settings.channels && !settings.channels.includes(session.channel)) {
    throw new ChannelNotAllowedError({
      step: 'check-settings',
      message: `the ${session.channel} channel may not hand off: settings.channels allows ${settings.channels.join(', ')}`,
      hint: `offer the customer one of those channels, or add "${session.channel}" to settings.channels`,
    });
  }
  const { priority, attributes, notes } = routingRules(settings, session);

  const hours = settings.officeHours;
  const decided = (path: SettingsDecision['path'], state: string, open?: boolean, opensAt?: number): SettingsDecision => ({
    path,
    ...(priority ? { priority } : {}),
    attributes,
    ...(open === undefined ? {} : { open }),
    ...(opensAt === undefined ? {} : { opensAt }),
    detail: [state, ...notes].join('; '),
  });
  if (session.channel === 'email') return decided('email-case', 'email: an Email Case, whatever the hour');
  if (!hours) return decided('messaging', 'no office hours: hands off at any hour');
  const label = (at: number) => wallClockLabel(hours.timeZone, at);
  if (isOpenAt(hours, now)) return decided('messaging', `open (${label(now)})`, true);

  const opensAt = nextOpening(hours, now);
  const reopens = opensAt === undefined ? 'no opening in the coming year' : `opens again ${label(opensAt)}`;
  const closed = `closed at ${label(now)}, ${reopens}`;
  if (hours.outsideHours === 'handoff') return decided('messaging', `${closed}: handing off anyway (Salesforce keeps the conversation waiting for a rep)`, false, opensAt);
  if (hours.outsideHours === 'email-case') return decided('email-case', `${closed}: an Email Case instead`, false, opensAt);
  throw new OutsideOfficeHoursError({
    step: 'check-settings',
    message: `outside office hours: ${closed}`,
    hint:
      opensAt === undefined
        ? 'no human is available: check settings.officeHours (weekly ranges and holidays), or set outsideHours to "email-case" or "handoff"'
        : `tell the customer a human is available from ${label(opensAt)} (error.opensAt), or set settings.officeHours.outsideHours to "email-case" or "handoff"`,
    opensAt: opensAt === undefined ? undefined : new Date(opensAt),
    timeZone: hours.timeZone,
  });
}
