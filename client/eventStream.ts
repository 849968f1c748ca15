import { createEventSource, type EventSourceClient, type FetchLike } from 'eventsource-client';
import { StreamError } from './errors.ts';
import { hintFor } from './hints.ts';
import { describeNetworkFailure, type NetworkFailure } from './networkFailure.ts';
import type { EventMapper } from './repEventMapper.ts';
import { watchForStall } from './stallWatch.ts';
import type { StreamFetch } from './streamTypes.ts';
import type { ChannelSink, RepEvent } from './types.ts';

/**
 * The org id as the event stream wants it: Salesforce documents `X-Org-Id` as the 15-character id
 * (the 18-character form is those 15 characters plus a 3-character case checksum).
 */
export const orgId15 = (orgId: string): string => orgId.slice(0, 15);

export interface StreamOptions {
  messagingUrl: string;
  orgId: string;
  /** The current access token; pass the one just refused (401) to get a re-minted one. */
  getToken: (rejected?: string) => Promise<string>;
  /** Resume point: the token response's lastEventId, so events since the create are replayed. */
  lastEventId?: string;
  /** How the GET is sent: `fetch`, or node:http on plain loopback (`chooseStreamFetch`, client/transport.ts). */
  fetch: StreamFetch;
  sink: ChannelSink;
  sleep: (ms: number) => Promise<void>;
  /** Reconnect back-off: base * 1.5^n, capped at 30 s, as Salesforce's sample app does. */
  reconnectBaseMs: number;
  /** Consecutive failed connects before giving up. */
  maxReconnects: number;
  /**
   * Read-idle time: an open stream that sends no bytes at all (no event, no `ping`) for this long
   * counts as dead, is closed, and is reconnected with `Last-Event-ID` like a dropped one.
   */
  readIdleMs: number;
  /** What each event becomes for the sink (the conversation's channel rendering, token assembly). */
  mapEvent: EventMapper;
  onSinkError?: (err: unknown, event: RepEvent) => void;
  /** Called once the sink's `deliver` resolved for an event (receipts follow from it). */
  onDelivered?: (event: RepEvent) => void;
}

export interface RepEventStream {
  /** Resolves when the session ends or the conversation closes; rejects with StreamError when the stream cannot be kept open. */
  done: Promise<void>;
  /** The newest event id seen (for resuming elsewhere). */
  readonly lastEventId: string | undefined;
  readonly reconnects: number;
  /** How many times an open stream went silent for the read-idle time and was given up on (each is also a reconnect). */
  readonly stalls: number;
  /** True once the stream has ended (session ended, conversation closed, closed, or given up). */
  readonly settled: boolean;
  close(): void;
}

/**
 * Step 7: follow the end user's event stream (eventsource-client parses it and resumes with
 * Last-Event-ID) and deliver this conversation's rep events to the sink in order, exactly once,
 * until the session ends. A stream that drops, or stays open but silent for `readIdleMs`, is
 * reconnected from the last event id seen. Authorization and X-Org-Id are added per connect so a re-minted token is used.
 */
export function streamRepEvents(options: StreamOptions): RepEventStream {
  const seen = new Set<string>();
  let delivery: Promise<void> = Promise.resolve();
  let failures = 0;
  let reconnects = 0;
  let stalls = 0;
  /** Streams in a row that stalled without a single byte: the next connect succeeding does not end such a run of failures. */
  let silentStalls = 0;
  let closed = false;
  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // the caller may only await it later

  const finish = (error?: StreamError) => {
    if (closed) return;
    closed = true;
    source.close();
    void delivery.then(() => (error ? settle.reject(error) : settle.resolve()));
  };

  /** Why the last connect got no answer (or the last stream stalled), for the error when reconnecting gives up. */
  let lastFailure: NetworkFailure | undefined;
  /** The last connect answered with a retryable refusal (5xx, 429): named in the error when reconnecting gives up. */
  let lastRefusal: StreamError | undefined;
  const authorizedFetch: FetchLike = async (url, init) => {
    const signal = init?.signal as AbortSignal | undefined;
    const attempt = async (token: string) => {
      // Closed while the token was being fetched: no request to start, and no failure to name.
      signal?.throwIfAborted();
      try {
        return await options.fetch(url, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${token}`, 'X-Org-Id': orgId15(options.orgId) } } as RequestInit);
      } catch (err) {
        // A stream closed on purpose (ended, or close()) aborts its request: that is no network failure.
        if (signal?.aborted) throw err;
        lastFailure = describeNetworkFailure(err, String(url));
        lastRefusal = undefined;
        throw err;
      }
    };
    const token = await options.getToken();
    let res = await attempt(token);
    if (res.status === 401) {
      await res.body?.cancel();
      res = await attempt(await options.getToken(token));
    }
    if (res.status !== 200) {
      const text = (await res.text()).slice(0, 300);
      const retryable = res.status >= 500 || res.status === 429;
      const error = new StreamError({ step: 'subscribe', message: 'GET /eventrouter/v1/sse failed', status: res.status, salesforceMessage: text, hint: hintFor('subscribe', res.status, text), retryable });
      if (!retryable) finish(error);
      lastRefusal = error;
      lastFailure = undefined;
      throw error;
    }
    failures = silentStalls;
    lastFailure = undefined;
    lastRefusal = undefined;
    if (!res.body) return res as Awaited<ReturnType<FetchLike>>;
    const body = watchForStall(res.body, {
      idleMs: options.readIdleMs,
      onBytes: () => (silentStalls = 0),
      onStall: () => {
        stalls += 1;
        silentStalls += 1;
        lastFailure = {
          reason: `the stream stayed open but sent nothing, not even a keep-alive ping, for ${options.readIdleMs} ms`,
          hint: 'something between here and Salesforce holds the stream back: exempt the messaging domain from TLS inspection and response buffering in proxies and firewalls',
          retryable: true,
        };
      },
      signal,
    });
    return { status: res.status, url: res.url, redirected: res.redirected, body };
  };

  const source: EventSourceClient = createEventSource({
    url: `${options.messagingUrl}/eventrouter/v1/sse`,
    fetch: authorizedFetch,
    initialLastEventId: options.lastEventId,
    onMessage: ({ event, data }) => {
      if (!event || event === 'ping') return;
      const mapped = options.mapEvent(event, data);
      if (!mapped || seen.has(mapped.identifier)) return;
      seen.add(mapped.identifier);
      for (const ev of mapped.events) {
        delivery = delivery
          .then(async () => {
            try {
              await options.sink.deliver(ev);
            } catch (err) {
              options.onSinkError?.(err, ev);
              return;
            }
            options.onDelivered?.(ev);
          })
          .catch(() => {}); // a failing callback must not stop the events after it
        if (ev.type === 'session-ended' || ev.type === 'conversation-closed') finish();
      }
    },
    onScheduleReconnect: () => {
      // Take over the library's fixed 2 s retry: our own back-off, on an injectable sleep.
      source.close();
      if (closed) return;
      failures += 1;
      reconnects += 1;
      if (failures > options.maxReconnects && lastRefusal) {
        const { status, salesforceMessage, hint } = lastRefusal;
        finish(new StreamError({ step: 'subscribe', message: `the event stream was refused and ${options.maxReconnects} reconnects failed`, status, salesforceMessage, hint, retryable: false }));
        return;
      }
      if (failures > options.maxReconnects) {
        const why = lastFailure ? `: ${lastFailure.reason}` : '';
        finish(new StreamError({ step: 'subscribe', message: `the event stream dropped and ${options.maxReconnects} reconnects failed${why}`, hint: lastFailure?.hint ?? hintFor('subscribe', undefined, ''), retryable: false }));
        return;
      }
      const delay = Math.min(30_000, options.reconnectBaseMs * 1.5 ** (failures - 1));
      void options.sleep(delay).then(() => {
        if (!closed) source.connect();
      });
    },
  });

  return {
    done,
    get lastEventId() {
      return source.lastEventId;
    },
    get reconnects() {
      return reconnects;
    },
    get stalls() {
      return stalls;
    },
    get settled() {
      return closed;
    },
    close: () => finish(),
  };
}
