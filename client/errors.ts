import { scrubSecrets } from './redact.ts';
import type { HandoffStep } from './types.ts';

/**
 * Every handoff failure: which step failed, the HTTP status (when there was a response),
 * Salesforce's own message, and a one-line hint on what to check. Never carries a secret: whatever
 * is token- or key-shaped in the message (a bad value echoed back, a server's text) is masked here.
 */
export class HandoffError extends Error {
  readonly step: HandoffStep | 'configure';
  readonly status?: number;
  readonly salesforceMessage?: string;
  readonly hint: string;
  /** Whether retrying the same request may succeed (network errors, 5xx, 429). */
  readonly retryable: boolean;
  /** Seconds the server asked to wait (429/503 `Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(init: { step: HandoffStep | 'configure'; message: string; hint: string; status?: number; salesforceMessage?: string; retryable?: boolean; retryAfterSeconds?: number; cause?: unknown }) {
    const salesforceMessage = init.salesforceMessage === undefined ? undefined : scrubSecrets(init.salesforceMessage);
    const said = salesforceMessage?.replace(/[.\s]+$/, '');
    super(scrubSecrets(`[miaw-handoff] ${init.message}${init.status ? ` (HTTP ${init.status})` : ''}${said ? `: ${said}` : ''}. Hint: ${init.hint}`), { cause: init.cause });
    this.name = new.target.name;
    this.step = init.step;
    this.status = init.status;
    this.salesforceMessage = salesforceMessage;
    this.hint = init.hint;
    this.retryable = init.retryable ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** The configuration (bad URL, key pair mismatch, malformed org id...) or the session given to `handoff()` is invalid. */
export class HandoffConfigError extends HandoffError {}
/** @deprecated No longer thrown: channel `email` opens an Email Case. Kept so code that names it still compiles. */
export class UnsupportedChannelError extends HandoffError {}
/** Salesforce refused the customer identity token (unknown kid, wrong key, wrong issuer, expired...). */
export class IdentityRejectedError extends HandoffError {}
/** The token exchange failed for another reason (unknown org or deployment, outage). */
export class TokenExchangeError extends HandoffError {}
/** Creating the conversation failed. */
export class CreateConversationError extends HandoffError {}
/** Sending the transcript (or a later message) failed. */
export class SendMessageError extends HandoffError {}
/** The event stream could not be opened or kept open. */
export class StreamError extends HandoffError {}
/** Salesforce refused the OAuth 2.0 JWT bearer grant of Email Cases (wrong certificate, consumer key, user, audience, clock). */
export class SalesforceAuthError extends HandoffError {}
/** Opening the Email Case failed: the Case, its transcript email, or reading it back. */
export class EmailCaseError extends HandoffError {}
/** The client was disconnected (settings deleted): no new handoffs. */
export class DisconnectedError extends HandoffError {}
