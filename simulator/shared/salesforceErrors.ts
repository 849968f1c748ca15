import { MiawApiError } from './errors.ts';

/**
 * A Salesforce REST API refusal, answered as Salesforce does: `[{"message", "errorCode", "fields"}]`.
 * `message` is Salesforce's own wording (clients show it); the simulator's explanation, when it adds
 * one, follows it. Never carries a secret (`MiawApiError` scrubs the message).
 */
export class RestApiError extends MiawApiError {
  constructor(
    status: number,
    errorCode: string,
    /** What Salesforce says. */
    readonly salesforceMessage: string,
    /** The fields the error is about (`REQUIRED_FIELD_MISSING`, `STRING_TOO_LONG`...). */
    readonly fields?: string[],
    headers: Record<string, string> = {},
  ) {
    super(status, errorCode, salesforceMessage, headers);
    this.name = 'RestApiError';
  }

  override toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    return [{ message: this.message.replace(/^\[miaw-sim\] /, ''), errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

/**
 * An OAuth token endpoint refusal, as Salesforce answers it: `{"error", "error_description"}` with
 * Salesforce's exact description (clients compare it), plus `miaw_sim_hint`: what to check, which
 * Salesforce does not say.
 */
export class OAuthError extends MiawApiError {
  constructor(
    status: number,
    /** `invalid_grant`, `invalid_client_id`, `unsupported_grant_type`, `invalid_request`... */
    readonly error: string,
    readonly description: string,
    readonly hint: string,
    headers: Record<string, string> = {},
  ) {
    super(status, error, `${error}: ${description}. ${hint}`, headers);
    this.name = 'OAuthError';
  }

  override toBody(): { error: string; error_description: string; miaw_sim_hint: string } {
    return { error: this.error, error_description: this.description, miaw_sim_hint: this.message };
  }
}

export const invalidGrant = (description: string, hint: string) => new OAuthError(400, 'invalid_grant', description, hint);

/** Where the Salesforce REST API and its OAuth endpoint are served: errors there take their shapes. */
export const REST_API_BASE = '/services/data';
export const OAUTH_BASE = '/services/oauth2';
/** The most parameters a form body (the token request) may carry: a grant sends two to five. */
export const FORM_PARAMETER_LIMIT = 20;

/**
 * Any refusal on a Salesforce path in that path's shape: a simulated fault, an unknown path or an
 * unreadable body there reads like the rest of what that API answers.
 */
export function inPathShape(path: string, error: MiawApiError): MiawApiError {
  if (error instanceof RestApiError || error instanceof OAuthError) return error;
  const message = error.message.replace(/^\[miaw-sim\] /, '');
  if (path.startsWith(`${REST_API_BASE}/`) || path === REST_API_BASE) {
    return new RestApiError(error.status, error.errorCode, message, undefined, error.headers);
  }
  if (path.startsWith(`${OAUTH_BASE}/`)) {
    return new OAuthError(error.status, error.errorCode.toLowerCase(), message, 'This refusal came from the simulator, not from the grant', error.headers);
  }
  return error;
}
