import { firstHint, type HintRule } from '../hints.ts';
import type { EmailCaseStep } from '../types.ts';

/**
 * One-line hints for a failed Email Case step, from Salesforce's OAuth error (`error` and
 * `error_description`) or REST error (`errorCode`, `message`). The first matching rule wins.
 */
const RULES: Array<HintRule<EmailCaseStep>> = [
  { match: /invalid_client_id|client identifier invalid/, hint: "emailCase.consumerKey is not the consumer key of a connected app in this org: copy it from Setup > App Manager > the app > View > Manage Consumer Details" },
  { match: /invalid assertion/, hint: "the assertion's signature does not verify: emailCase.privateKeyPem must be the private key of the certificate uploaded to the connected app (Use digital signatures)" },
  { match: /audience is invalid/, hint: 'emailCase.loginUrl must be https://login.salesforce.com, https://test.salesforce.com (sandboxes) or the My Domain URL' },
  { match: /user hasn't approved this consumer/, hint: "emailCase.username must be a user of the app's org, pre-authorized for the connected app (Manage > Permitted Users: Admin approved users are pre-authorized, and the user's profile or a permission set added)" },
  { match: /expired authorization code|\bexp\b/, hint: "check this machine's clock: the assertion's exp must be in the future and at most 3 minutes ahead" },
  { match: /unsupported_grant_type/, hint: 'the token endpoint did not take the JWT bearer grant: check emailCase.loginUrl points at Salesforce (or the simulator)' },
  { match: /INVALID_SESSION_ID/, hint: 'the access token was refused; a fresh one was already tried: check the connected app\'s session policies and the user is active' },
  { match: /NOT_FOUND.*external ID field|external ID field/i, hint: 'emailCase.externalIdField must be an External ID custom field on Case and EmailMessage (Setup > Object Manager > Fields > External ID)' },
  { match: /INVALID_FIELD/, hint: 'a Case field in emailCase.fieldMap does not exist or the integration user cannot edit it: check the field API names and field-level security' },
  { match: /REQUIRED_FIELD_MISSING/, hint: 'the org requires Case fields the handoff does not fill: map routing attributes to them with emailCase.fieldMap' },
  { match: /STRING_TOO_LONG|INVALID_EMAIL_ADDRESS/, hint: "a value does not fit its Case field: check the contact's email and the mapped routing attributes" },
  { status: 404, hint: 'the sObject or API version is unknown to this org: check emailCase.apiVersion' },
  { status: 403, hint: 'the integration user may not create cases or emails: give its profile or a permission set Create on Case and EmailMessage' },
  { status: 429, hint: 'Salesforce rate-limited the requests (API request limit); retries honoured Retry-After' },
];

export function emailCaseHint(step: EmailCaseStep, status: number | undefined, text: string): string {
  const hint = firstHint(RULES, step, status, text);
  if (hint) return hint;
  if (status === undefined) return 'Salesforce could not be reached (connection refused, reset or timed out): check emailCase.loginUrl and the network; the request was retried';
  if (status >= 500) return 'Salesforce answered with a server error; the request was retried (the upsert by external id never makes a second case)';
  return 'see the message from Salesforce above';
}
