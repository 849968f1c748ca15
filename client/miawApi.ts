import { HandoffError } from './errors.ts';
import { hintFor } from './hints.ts';
import { describeNetworkFailure } from './networkFailure.ts';
import { scrubSecrets } from './redact.ts';
import type { Transport, TransportResponse } from './transportTypes.ts';
import type { HandoffStep } from './types.ts';

export type { FetchFn } from './transportTypes.ts';

/**
 * The `User-Agent` the handoff client's MIAW requests carry: it names this client in the org's API
 * logs and in the simulator's journal, where a session saved as a scenario is told apart from one an
 * external client made (`isHandoffClientAgent`).
 */
export const HANDOFF_CLIENT_AGENT = 'miaw-handoff-client';
/** Whether a request's `User-Agent` is this handoff client's. */
export const isHandoffClientAgent = (userAgent: string | undefined) => userAgent?.split('/')[0] === HANDOFF_CLIENT_AGENT;
type ErrorClass = new (init: ConstructorParameters<typeof HandoffError>[0]) => HandoffError;

export interface ApiRequest {
  step: HandoffStep;
  error: ErrorClass;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  token?: string;
  /** JSON, or a multipart form (Send File) that fetch writes with its own boundary. */
  body?: unknown;
}

/**
 * The MIAW REST calls the handoff makes, over a transport (`chooseTransport`: fetch, or node:http on
 * loopback). Every failure becomes the step's
 * error class with status, Salesforce's message and a hint; a request that got no answer names the
 * cause (refused, DNS, TLS...). Transient network errors, 5xx and 429 are marked retryable (429/503
 * with their Retry-After).
 */
export class MiawApi {
  constructor(
    private readonly baseUrl: string,
    private readonly transport: Transport,
    private readonly timeoutMs: number,
  ) {}

  async request<T = unknown>(req: ApiRequest): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': HANDOFF_CLIENT_AGENT };
    const form = req.body instanceof FormData ? req.body : undefined;
    if (req.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (req.token) headers.Authorization = `Bearer ${req.token}`;
    let res: TransportResponse;
    try {
      // The body is read inside the timeout too: a server that stalls mid-body is a named, retryable failure.
      res = await this.transport({
        url: this.baseUrl + req.path,
        method: req.method,
        headers,
        body: form ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      const failure = describeNetworkFailure(cause, this.baseUrl + req.path, this.timeoutMs);
      throw new req.error({ step: req.step, message: `${req.method} ${req.path} failed: ${failure.reason}`, hint: failure.hint, retryable: failure.retryable, cause });
    }
    const { text } = res;
    const body = parseJson(text);
    if (res.ok) return { status: res.status, body: body as T };
    const raw = typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : text.slice(0, 300);
    const sfMessage = raw ? scrubSecrets(raw) : undefined;
    const errorCode = typeof body === 'object' && body && 'errorCode' in body ? String((body as { errorCode: unknown }).errorCode) : '';
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new req.error({
      step: req.step,
      message: `${req.method} ${req.path} failed`,
      status: res.status,
      salesforceMessage: sfMessage,
      hint: hintFor(req.step, res.status, `${errorCode} ${sfMessage ?? ''}`),
      retryable: res.status >= 500 || res.status === 429,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 && res.headers.has('retry-after') ? retryAfter : undefined,
    });
  }
}

/** A response body as JSON, or as the text itself when it is not JSON (undefined when empty). */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
