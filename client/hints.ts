import type { HandoffStep } from './types.ts';

/** The org id names no org behind this messaging URL (each org has its own …my.salesforce-scrt.com). */
export const ORG_UNKNOWN = "the org id is unknown at this messaging URL: check orgId (Setup > Company Information > Salesforce.com Organization ID), and that the messaging URL, https://<domain>.my.salesforce-scrt.com, is that org's";
/** The org is known, the deployment name is not (or it is not published). */
export const DEPLOYMENT_UNKNOWN = "the org has no published Embedded Service deployment by this name: check esDeveloperName (the deployment's API name in Setup > Embedded Service Deployments) and publish the deployment";

/**
 * One-line troubleshooting hints for a failed step, from the status and Salesforce's message
 * (and the simulator's `errorCode` when present). The first matching rule wins.
 */
const RULES: HintRule[] = [
  // Which of the two names is wrong, when the answer says (the simulator's errorCode does).
  { step: 'exchange-token', match: /\bORG_NOT_FOUND\b/, hint: ORG_UNKNOWN },
  { step: 'exchange-token', match: /\bDEPLOYMENT_NOT_FOUND\b/, hint: DEPLOYMENT_UNKNOWN },
  { step: 'exchange-token', match: /\bINVALID_ORG_ID\b/, hint: 'orgId is not a valid org id: copy it from Setup > Company Information (15 characters, or the 18-character form whose last three are a checksum)' },
  { step: 'exchange-token', match: /SIGNATURE|signature/, hint: 'the private key does not match the public key registered under this Auth Key ID' },
  { step: 'exchange-token', match: /KID_UNKNOWN|KID_MISSING|\bkid\b/i, hint: 'the Auth Key ID is not registered for this deployment: register the public key in the keyset linked to the deployment and use the Auth Key ID Salesforce shows' },
  { step: 'exchange-token', match: /ISSUER|\biss\b/i, hint: 'the issuer must equal the Issuer of the user-verification keyset in Setup' },
  { step: 'exchange-token', match: /EXPIRED|expired|IAT|future/i, hint: "check this machine's clock: the identity token's exp/iat are outside the allowed skew" },
  { step: 'exchange-token', match: /USER_VERIFICATION|keyset/i, hint: 'turn on user verification for the deployment and link the keyset to it' },
  { step: 'exchange-token', match: /GUEST_TOKEN/, hint: 'Salesforce answered with a guest token: user verification failed silently; check the Auth Key ID, issuer and key pair (miaw-sim doctor)' },
  { step: 'exchange-token', status: 404, hint: 'check orgId and esDeveloperName: the Embedded Service deployment must exist and be published' },
  { step: 'exchange-token', status: 400, hint: 'check orgId (15 or 18 characters, 00D...) and esDeveloperName' },
  { status: 401, hint: 'the access token was refused; a fresh one was already tried: check the deployment and the org' },
  { status: 403, hint: 'this conversation id belongs to another user or the deployment refuses this user' },
  { status: 404, hint: 'the conversation or deployment is unknown to Salesforce: check esDeveloperName and that the conversation was created' },
  { step: 'send-transcript', status: 417, hint: 'Salesforce ended the messaging session right after the conversation was created: routing failed (outside business hours, or no queue takes it); tell the customer and offer another channel or a callback' },
  { status: 417, hint: 'the messaging session has ended; send again with isNewMessagingSession to start a new one' },
  { step: 'subscribe', status: 429, hint: 'Salesforce refused another event stream: too many may be open with this access token (handoffs of the same contact share one token, each following its conversation on its own stream), or connects came too fast; close the streams of conversations no longer followed (handoff.stream.close()). The client retried with back-off' },
  { status: 429, hint: 'Salesforce rate-limited the requests; retries honoured Retry-After' },
  { step: 'create-conversation', status: 400, hint: 'check the routing attributes: each must be a string within the pre-chat field length' },
  { status: 413, hint: 'the request is too large: lower transcript.maxChars' },
];

/** A hint rule: it applies when its step, status and pattern (each when given) all match. */
export interface HintRule<S extends string = HandoffStep> {
  step?: S;
  status?: number;
  match?: RegExp;
  hint: string;
}

/** The hint of the first rule that matches, if any. */
export function firstHint<S extends string>(rules: ReadonlyArray<HintRule<S>>, step: S, status: number | undefined, text: string): string | undefined {
  return rules.find((rule) => (!rule.step || rule.step === step) && (rule.status === undefined || rule.status === status) && (!rule.match || rule.match.test(text)))?.hint;
}

export function hintFor(step: HandoffStep, status: number | undefined, text: string): string {
  const hint = firstHint(RULES, step, status, text);
  if (hint) return hint;
  if (status === undefined) return 'Salesforce could not be reached (connection refused, reset or timed out): check the messaging URL and the network; the request was retried';
  if (status >= 500) return 'Salesforce answered with a server error; the request was retried';
  return 'see the message from Salesforce above';
}
