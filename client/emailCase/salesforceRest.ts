import type { HandoffError } from '../errors.ts';
import { parseJson, type FetchFn } from '../miawApi.ts';
import { fetchTransport } from '../transport.ts';
import type { TransportResponse } from '../transportTypes.ts';
import { describeNetworkFailure } from '../networkFailure.ts';
import { scrubSecrets } from '../redact.ts';
import type { EmailCaseStep } from '../types.ts';
import { emailCaseHint } from './emailCaseHints.ts';

type ErrorClass = new (init: ConstructorParameters<typeof HandoffError>[0]) => HandoffError;

export interface RestRequest {
  step: EmailCaseStep;
  error: ErrorClass;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** Form-encoded body (the OAuth token endpoint). */
  form?: Record<string, string>;
  /** JSON body (the REST API). */
  json?: unknown;
  token?: string;
}

/**
 * The Salesforce REST and OAuth calls of an Email Case, over an injectable fetch. A refusal becomes
 * the step's error with the status, Salesforce's own words (the REST API's `[{errorCode, message}]`
 * or OAuth's `{error, error_description}`) and a hint; network errors, 5xx and 429 are retryable.
 */
export async function salesforceRequest<T = unknown>(fetchFn: FetchFn, timeoutMs: number, req: RestRequest): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  if (req.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  else if (req.json !== undefined) headers['Content-Type'] = 'application/json';
  const where = new URL(req.url).pathname;
  let res: TransportResponse;
  try {
    // The body is read inside the timeout too: a server that stalls mid-body is a named, retryable failure.
    res = await fetchTransport(fetchFn)({
      url: req.url,
      method: req.method,
      headers,
      body: req.form ? new URLSearchParams(req.form).toString() : req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    const failure = describeNetworkFailure(cause, req.url, timeoutMs);
    throw new req.error({ step: req.step, message: `${req.method} ${where} failed: ${failure.reason}`, hint: failure.hint, retryable: failure.retryable, cause });
  }
  const { text } = res;
  const body = parseJson(text);
  if (res.ok) return { status: res.status, body: body as T };
  const { code, message } = salesforceError(body, text);
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new req.error({
    step: req.step,
    message: `${req.method} ${where} failed`,
    status: res.status,
    salesforceMessage: scrubSecrets(code ? `${code}: ${message}` : message),
    hint: emailCaseHint(req.step, res.status, `${code} ${message}`),
    retryable: res.status >= 500 || res.status === 429,
    retryAfterSeconds: res.headers.has('retry-after') && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  });
}

/** Salesforce's error code and words, from either shape it answers in. */
function salesforceError(body: unknown, text: string): { code: string; message: string } {
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (first && typeof first === 'object') {
    const e = first as { errorCode?: unknown; message?: unknown; error?: unknown; error_description?: unknown };
    if (typeof e.error === 'string') return { code: e.error, message: String(e.error_description ?? '') };
    if (typeof e.errorCode === 'string') return { code: e.errorCode, message: String(e.message ?? '') };
  }
  return { code: '', message: text.slice(0, 300) };
}
