import type { HandoffConfig } from '../config.ts';
import { EmailCaseError, HandoffConfigError } from '../errors.ts';
import type { FetchFn } from '../miawApi.ts';
import type { RetryEffects } from '../retry.ts';
import { extractRoutingAttributes } from '../routingAttributes.ts';
import { stepRunner } from '../stepRunner.ts';
import { buildTranscript } from '../transcript.ts';
import type { EmailCaseStep, HandoffSession, HandoffStep, StepReport } from '../types.ts';
import { TEXT_BODY_MAX, caseFields, transcriptEmail } from './caseFields.ts';
import type { EmailCaseConfig } from './emailCaseConfig.ts';
import { SalesforceSession } from './salesforceSession.ts';
import { salesforceRequest } from './salesforceRest.ts';

/** What an Email Case handoff gives back (`kind: 'email-case'`: the rep answers by email). */
export interface EmailCaseHandoff {
  kind: 'email-case';
  /** The channel the rep answers on: email, whatever channel the conversation came from. */
  channel: 'email';
  /** The Case's 18-character id and its number (what the customer is told: "case 00001001"). */
  caseId: string;
  caseNumber: string;
  /** Whether this call created the case (false: a retry or a repeat found it by the session id). */
  created: boolean;
  /** The EmailMessage holding the transcript. */
  transcriptEmailId: string;
  /** The routing attributes, as a messaging handoff would route by them; mapped ones are Case fields. */
  routingAttributes: Record<string, string>;
  /** The Case fields written. */
  fields: Record<string, string>;
  attempts: Partial<Record<HandoffStep, number>>;
}

export interface EmailCaseDeps {
  config: HandoffConfig;
  fetch: FetchFn;
  now: () => number;
  effects: RetryEffects;
  /** The integration user's REST session, shared by a client's handoffs. */
  session?: SalesforceSession;
}

/** What the handoff settings' rules add to the routing attributes (their priority, when the session gives none, and extra attributes). */
export interface SettingsRouting {
  priority?: string;
  set?: Record<string, string>;
}

/** The Email Case settings of a configuration, or a named error saying what to add. */
export function emailCaseSettings(config: HandoffConfig): EmailCaseConfig {
  if (!config.emailCase) {
    throw new HandoffConfigError({
      step: 'configure',
      message: 'Invalid handoff configuration: emailCase is missing',
      hint: 'add emailCase {loginUrl, consumerKey, username, privateKeyPem}: the connected app (JWT bearer flow) and integration user email conversations open Cases as',
    });
  }
  return config.emailCase;
}

/**
 * Hand a conversation to a rep as an Email Case: the JWT bearer grant for the integration user,
 * the Case upserted by the session id (`emailCase.externalIdField`), the transcript (summary and
 * history) as the customer's incoming EmailMessage on it, upserted by the same id, and the case
 * read back for its number. The routing attributes are the messaging handoff's, with the settings'
 * `rules` when the settings chose this path. Each step retries transient failures; the upserts make a retry (or a
 * second call for the same session) find the same case and email instead of making new ones.
 */
export async function openEmailCase(input: HandoffSession, deps: EmailCaseDeps, onStep?: (report: StepReport) => void, rules: SettingsRouting = {}): Promise<EmailCaseHandoff> {
  const settings = emailCaseSettings(deps.config);
  if (!input.contact.email) {
    throw new EmailCaseError({ step: 'configure', message: 'the contact has no email address', hint: 'an Email Case is answered by email: give session.contact.email' });
  }
  const report = (r: StepReport) => onStep?.(r);
  const attempts: EmailCaseHandoff['attempts'] = {};
  const step = stepRunner(deps.config.retry, deps.effects, report, attempts);
  const sf = deps.session ?? new SalesforceSession(settings, deps.fetch, deps.config.requestTimeoutMs, deps.now);
  const sobject = (type: string, ...rest: string[]) => `/services/data/v${settings.apiVersion}/sobjects/${[type, ...rest].map(encodeURIComponent).join('/')}`;
  const call = <T>(name: Exclude<EmailCaseStep, 'authenticate-salesforce'>, method: 'PATCH' | 'GET', path: string, json?: unknown) =>
    sf.withToken(async (t) => (await salesforceRequest<T>(deps.fetch, deps.config.requestTimeoutMs, { step: name, error: EmailCaseError, method, url: t.instanceUrl + path, token: t.accessToken, json })).body);

  await step('authenticate-salesforce', () => sf.token());

  report({ step: 'build-transcript', status: 'started' });
  const [transcript = ''] = buildTranscript(input, { ...deps.config.transcript, maxChars: TEXT_BODY_MAX, overflow: 'truncate' });
  report({ step: 'build-transcript', status: 'done', detail: `${transcript.length} characters` });
  report({ step: 'extract-routing-attributes', status: 'started' });
  const routingAttributes = extractRoutingAttributes(input, { extra: deps.config.routingAttributeMap, ...rules });
  const fields = caseFields(input, routingAttributes, settings);
  report({ step: 'extract-routing-attributes', status: 'done' });

  // From API 46.0 on (the only versions emailCase.apiVersion takes) an upsert answers {id, created} whether it created or updated.
  const opened = await step('open-case', () => call<{ id: string; created: boolean }>('open-case', 'PATCH', sobject('Case', settings.externalIdField, input.sessionId), fields));
  const email = await step('attach-transcript', () => call<{ id: string }>('attach-transcript', 'PATCH', sobject('EmailMessage', settings.externalIdField, input.sessionId), transcriptEmail(input, opened.id, fields.Subject!, transcript)));
  const read = await step('read-case', () => call<{ CaseNumber: string }>('read-case', 'GET', sobject('Case', opened.id)));
  return { kind: 'email-case', channel: 'email', caseId: opened.id, caseNumber: read.CaseNumber, created: opened.created, transcriptEmailId: email.id, routingAttributes, fields, attempts };
}
