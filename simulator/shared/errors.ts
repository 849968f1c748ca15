import { scrubSecrets } from './redact.ts';

/**
 * One error type for everything the simulator refuses. Handlers throw it; one middleware
 * (`errorMiddleware.ts`) renders it as `{ "code": "<status>", "errorCode": "<REASON>", "message": "..." }`.
 * Messages never contain a secret: pass tokens and keys through `redact()` first; whatever is
 * token- or key-shaped is masked here anyway (a 400 that echoes a bad value may echo a token).
 */
export class MiawApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine-readable reason, e.g. `IDENTITY_TOKEN_EXPIRED`. */
    readonly errorCode: string,
    message: string,
    /** Extra response headers (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    const scrubbed = scrubSecrets(message);
    super(scrubbed.startsWith('[miaw-sim]') ? scrubbed : `[miaw-sim] ${scrubbed}`);
    this.name = 'MiawApiError';
  }

  /** The response body: MIAW's error shape here; the Salesforce REST and OAuth errors (`salesforceErrors.ts`) answer theirs. */
  toBody(): unknown {
    return { code: String(this.status), errorCode: this.errorCode, message: this.message };
  }
}

export const badRequest = (errorCode: string, message: string) => new MiawApiError(400, errorCode, message);
export const unauthorized = (errorCode: string, message: string) => new MiawApiError(401, errorCode, message);
export const forbidden = (errorCode: string, message: string) => new MiawApiError(403, errorCode, message);
export const notFound = (errorCode: string, message: string) => new MiawApiError(404, errorCode, message);
export const conflict = (errorCode: string, message: string) => new MiawApiError(409, errorCode, message);
