import type { AccessTokenProvider } from './accessTokens.ts';
import { CustomerAnswers, type OutgoingMessage } from './answers.ts';
import type { HandoffConfig } from './config.ts';
import type { CustomerActions, CustomerMessageResult } from './customerActions.ts';
import { checkCustomerFile, fileForm, type CustomerFileResult, type OutgoingFile } from './customerFile.ts';
import { SendMessageError } from './errors.ts';
import { streamRepEvents, type RepEventStream } from './eventStream.ts';
import type { MiawApi } from './miawApi.ts';
import { rendererFor } from './render/channelRenderers.ts';
import type { MessagingChannel } from './render/rendered.ts';
import { Receipts, type Ack } from './receipts.ts';
import { createEventMapper } from './repEventMapper.ts';
import { withRetries, type RetryEffects } from './retry.ts';
import type { StreamFetch } from './streamTypes.ts';
import type { ChannelSink, RepEvent } from './types.ts';

export interface LiveConversationDeps {
  config: HandoffConfig;
  api: MiawApi;
  tokens: AccessTokenProvider;
  effects: RetryEffects;
  /** The event stream's GET (`chooseStreamFetch`). */
  streamFetch: StreamFetch;
  sink: ChannelSink;
  subject: string;
  conversationId: string;
  /** The customer's channel: how rep messages are rendered and how typed answers are read. */
  channel: MessagingChannel;
  routingAttributes: Record<string, string>;
  stream: { reconnectBaseMs: number; maxReconnects: number };
  /** How long receipts gather before a batch is sent. */
  receiptBatchMs: number;
  log?: (line: string) => void;
  /** Called whenever a stream settles (session ended, conversation closed, or given up). */
  onStreamSettled: () => void;
}

/**
 * A conversation after the handoff: the rep's side streaming to the sink (step 7), receipts going
 * back, and what the customer's channel can still do: write or answer (a new messaging session
 * after the rep ended the last one, as Salesforce's sample app does on 417) or close it.
 */
export class LiveConversation {
  private current?: RepEventStream;
  private readonly answers = new CustomerAnswers();
  private readonly receipts: Receipts;
  private readonly mapEvent;

  constructor(private readonly deps: LiveConversationDeps) {
    const { config, effects, log, conversationId, sink } = deps;
    this.receipts = new Receipts({ send: (acks) => withRetries(config.retry, effects, () => this.acknowledge(acks)), wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), batchMs: deps.receiptBatchMs, log });
    this.mapEvent = createEventMapper({ conversationId, render: rendererFor(deps.channel, config.rendering), partials: sink.receivePartials === true, log });
  }

  /** Step 7: follow the rep's side from `lastEventId` (the token response's, so nothing since the create is missed). */
  start(lastEventId: string | undefined): void {
    this.current = this.follow(lastEventId);
    try {
      this.deps.sink.trackReads?.((entryId) => void this.receipts.read(entryId));
    } catch (err) {
      this.deps.log?.(`[miaw-handoff] The channel sink's trackReads failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The stream now following the conversation (a new one after the customer restarts a session). */
  get stream(): RepEventStream {
    if (!this.current) throw new Error('[miaw-handoff] The conversation is not followed yet.');
    return this.current;
  }

  /** POST one text message with a fixed id (a retried send never duplicates it). */
  sendText(text: string, id: string, newSession = false): Promise<unknown> {
    return this.post({ id, body: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } } }, newSession);
  }

  /** What the customer can do on the conversation, as the handoff hands it out. */
  customerActions(): CustomerActions {
    return {
      sendCustomerMessage: (text) => this.send(this.answers.messageFor(text, 'typed')),
      answer: (input) => this.send(this.answers.messageFor(input, 'answer')),
      answerForm: (values) => {
        const message = this.answers.formMessage(values);
        if (!message) return Promise.reject(new TypeError('[miaw-handoff] No form is waiting for an answer: answerForm answers the last FormMessage the rep sent.'));
        return this.send(message);
      },
      sendFile: (file) => this.sendFile(file),
      markRead: (entryId) => this.receipts.read(entryId),
      flushReceipts: () => this.receipts.flushed(),
    };
  }

  /** Send as the customer. After the rep ended the session (417) this starts a new one, routed with the same attributes. */
  private async send(message: OutgoingMessage): Promise<CustomerMessageResult> {
    const newSession = await this.postOrRestart((restart) => this.post(message, restart));
    if (message.answered) this.answers.answered();
    return { newSession, ...(message.answered ? { answered: message.answered } : {}) };
  }

  /** Send a file as the customer (MIAW Send File), checked before any request; its ids stay the same across retries and a 417 restart. */
  private async sendFile(input: unknown): Promise<CustomerFileResult> {
    const file = checkCustomerFile(input, this.deps.config.fileMaxBytes);
    const newSession = await this.postOrRestart((restart) => this.postFile(file, restart));
    return { newSession, messageId: file.messageId, fileId: file.fileId };
  }

  /**
   * Post with retries; on 417 (the rep ended the session) post again as a new messaging session and
   * follow its stream. Resolves whether a new session was started.
   */
  private async postOrRestart(post: (newSession: boolean) => Promise<unknown>): Promise<boolean> {
    const attempt = (newSession: boolean) => withRetries(this.deps.config.retry, this.deps.effects, () => post(newSession));
    try {
      await attempt(false);
      return false;
    } catch (err) {
      if (!(err instanceof SendMessageError) || err.status !== 417) throw err;
    }
    const resumeFrom = this.stream.lastEventId;
    await attempt(true);
    if (this.stream.settled) this.current = this.follow(resumeFrom);
    return true;
  }

  async close(): Promise<void> {
    const { config, api, tokens, subject, conversationId, effects } = this.deps;
    const path = `/iamessage/api/v2/conversation/${conversationId}?esDeveloperName=${encodeURIComponent(config.esDeveloperName)}`;
    await withRetries(config.retry, effects, () =>
      tokens.withToken(subject, (accessToken) => api.request({ step: 'send-transcript', error: SendMessageError, method: 'DELETE', path, token: accessToken })),
    );
    this.current?.close();
  }

  private post(message: OutgoingMessage, newSession: boolean): Promise<unknown> {
    return this.request(`/iamessage/api/v2/conversation/${this.deps.conversationId}/message`, this.messageEntry({ id: message.id, ...message.body }, newSession));
  }

  private postFile(file: OutgoingFile, newSession: boolean): Promise<unknown> {
    const message = { id: file.messageId, fileId: file.fileId, ...(file.text === undefined ? {} : { text: file.text }) };
    return this.request(`/iamessage/api/v2/conversation/${this.deps.conversationId}/file`, fileForm(this.messageEntry(message, newSession), file));
  }

  /** What a message or a file's `messageEntry` says: the deployment, the message, and on a new session its routing. */
  private messageEntry(message: Record<string, unknown>, newSession: boolean): Record<string, unknown> {
    const { config, routingAttributes } = this.deps;
    return { esDeveloperName: config.esDeveloperName, message, ...(newSession ? { isNewMessagingSession: true, routingAttributes } : {}) };
  }

  private acknowledge(acks: Ack[]): Promise<unknown> {
    return this.request(`/iamessage/api/v2/conversation/${this.deps.conversationId}/acknowledge-entries`, { acks });
  }

  private request(path: string, body: unknown): Promise<unknown> {
    const { api, tokens, subject } = this.deps;
    return tokens.withToken(subject, (accessToken) => api.request({ step: 'send-transcript', error: SendMessageError, method: 'POST', path, token: accessToken, body }));
  }

  private follow(lastEventId: string | undefined): RepEventStream {
    const { config, tokens, subject, sink, effects, streamFetch, log } = this.deps;
    const stream = streamRepEvents({
      messagingUrl: config.messagingUrl,
      orgId: config.orgId,
      getToken: async (rejected) => (await tokens.get(subject, { rejected })).accessToken,
      lastEventId,
      fetch: streamFetch,
      sink,
      sleep: effects.sleep,
      reconnectBaseMs: this.deps.stream.reconnectBaseMs,
      maxReconnects: this.deps.stream.maxReconnects,
      readIdleMs: config.streamIdleTimeoutMs,
      mapEvent: this.mapEvent,
      onSinkError: (err, event: RepEvent) => log?.(`[miaw-handoff] The channel sink failed to deliver a ${event.type} event: ${err instanceof Error ? err.message : String(err)}`),
      onDelivered: (event) => {
        if (event.type !== 'message') return;
        this.receipts.delivered(event.entryId);
        this.answers.offered(event);
      },
    });
    void stream.done.then(this.deps.onStreamSettled, this.deps.onStreamSettled);
    return stream;
  }
}
