import { randomUUID } from 'node:crypto';
import type { AccessTokenProvider } from './accessTokens.ts';
import type { HandoffConfig } from './config.ts';
import { SendMessageError } from './errors.ts';
import { streamRepEvents, type RepEventStream } from './eventStream.ts';
import type { FetchFn, MiawApi } from './miawApi.ts';
import { withRetries, type RetryEffects } from './retry.ts';
import type { ChannelSink, RepEvent } from './types.ts';

export interface LiveConversationDeps {
  config: HandoffConfig;
  api: MiawApi;
  tokens: AccessTokenProvider;
  effects: RetryEffects;
  fetch: FetchFn;
  sink: ChannelSink;
  subject: string;
  conversationId: string;
  routingAttributes: Record<string, string>;
  stream: { reconnectBaseMs: number; maxReconnects: number };
  log?: (line: string) => void;
  /** Called whenever a stream settles (session ended, conversation closed, or given up). */
  onStreamSettled: () => void;
}

/**
 * A conversation after the handoff: the rep's side streaming to the sink (step 7), and what the
 * customer's channel can still do — write again (a new messaging session after the rep ended the
 * last one, as Salesforce's sample app does on 417) or close it.
 */
export class LiveConversation {
  private current?: RepEventStream;

  constructor(private readonly deps: LiveConversationDeps) {}

  /** Step 7: follow the rep's side from `lastEventId` (the token response's, so nothing since the create is missed). */
  start(lastEventId: string | undefined): void {
    this.current = this.follow(lastEventId);
  }

  /** The stream now following the conversation (a new one after the customer restarts a session). */
  get stream(): RepEventStream {
    if (!this.current) throw new Error('[miaw-handoff] The conversation is not followed yet.');
    return this.current;
  }

  /** POST one text message with a fixed id (a retried send never duplicates it). */
  sendText(text: string, id: string, newSession = false): Promise<unknown> {
    const { config, api, tokens, subject, conversationId, routingAttributes } = this.deps;
    return tokens.withToken(subject, (accessToken) =>
      api.request({
        step: 'send-transcript',
        error: SendMessageError,
        method: 'POST',
        path: `/iamessage/api/v2/conversation/${conversationId}/message`,
        token: accessToken,
        body: {
          esDeveloperName: config.esDeveloperName,
          message: { id, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } },
          ...(newSession ? { isNewMessagingSession: true, routingAttributes } : {}),
        },
      }),
    );
  }

  /** The customer writes again. After the rep ended the session (417) this starts a new one, routed with the same attributes. */
  async sendCustomerMessage(text: string): Promise<{ newSession: boolean }> {
    const id = randomUUID();
    const send = (newSession: boolean) => withRetries(this.deps.config.retry, this.deps.effects, () => this.sendText(text, id, newSession));
    try {
      await send(false);
      return { newSession: false };
    } catch (err) {
      if (!(err instanceof SendMessageError) || err.status !== 417) throw err;
    }
    const resumeFrom = this.stream.lastEventId;
    await send(true);
    if (this.stream.settled) this.current = this.follow(resumeFrom);
    return { newSession: true };
  }

  async close(): Promise<void> {
    const { config, api, tokens, subject, conversationId, effects } = this.deps;
    const path = `/iamessage/api/v2/conversation/${conversationId}?esDeveloperName=${encodeURIComponent(config.esDeveloperName)}`;
    await withRetries(config.retry, effects, () =>
      tokens.withToken(subject, (accessToken) => api.request({ step: 'send-transcript', error: SendMessageError, method: 'DELETE', path, token: accessToken })),
    );
    this.current?.close();
  }

  private follow(lastEventId: string | undefined): RepEventStream {
    const { config, tokens, subject, conversationId, sink, effects, fetch, log } = this.deps;
    const stream = streamRepEvents({
      messagingUrl: config.messagingUrl,
      orgId: config.orgId,
      conversationId,
      getToken: async (rejected) => (await tokens.get(subject, { rejected })).accessToken,
      lastEventId,
      fetch,
      sink,
      sleep: effects.sleep,
      reconnectBaseMs: this.deps.stream.reconnectBaseMs,
      maxReconnects: this.deps.stream.maxReconnects,
      readIdleMs: config.streamIdleTimeoutMs,
      onSinkError: (err, event: RepEvent) => log?.(`[miaw-handoff] The channel sink failed to deliver a ${event.type} event: ${err instanceof Error ? err.message : String(err)}`),
    });
    void stream.done.then(this.deps.onStreamSettled, this.deps.onStreamSettled);
    return stream;
  }
}
