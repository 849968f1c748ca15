import { randomUUID } from 'node:crypto';
import { AccessTokenProvider } from './accessTokens.ts';
import { parseHandoffConfig, type HandoffConfig } from './config.ts';
import { CreateConversationError, DisconnectedError } from './errors.ts';
import type { CustomerActions } from './customerActions.ts';
import { openEmailCase, type EmailCaseHandoff, type SettingsRouting } from './emailCase/openEmailCase.ts';
import { SalesforceSession } from './emailCase/salesforceSession.ts';
import type { RepEventStream } from './eventStream.ts';
import { LiveConversation } from './liveConversation.ts';
import { outcomeOf } from './outcomeOf.ts';
import { MiawApi, type FetchFn } from './miawApi.ts';
import type { RetryEffects } from './retry.ts';
import { extractRoutingAttributes } from './routingAttributes.ts';
import { handoffSubject, parseHandoffSession } from './sessionSchema.ts';
import { signAhead } from './signAhead.ts';
import { caseRoutingWithSettings, decideWithSettings } from './settings/settingsStep.ts';
import { stepRunner } from './stepRunner.ts';
import { deleteSettings } from './settingsFile.ts';
import { buildTranscript } from './transcript.ts';
import { chooseStreamFetch, chooseTransport } from './transport.ts';
import type { ChannelSink, HandoffSession, HandoffStep, StepReport } from './types.ts';

export interface HandoffClientDeps {
  /**
   * Every request goes through it when given. Otherwise the global fetch, except MIAW REST calls and
   * the event stream to a plain-http loopback messaging URL (the simulator), which take a keep-alive
   * node:http agent while the global fetch and undici's dispatcher are Node's own (client/transport.ts).
   */
  fetch?: FetchFn;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Diagnostics (never given a secret). */
  log?: (line: string) => void;
  /** Event-stream reconnect back-off base (ms) and how many consecutive failures end the stream. */
  stream?: { reconnectBaseMs?: number; maxReconnects?: number };
  /** How long delivery and read receipts gather before a batch is sent (ms, default 200). */
  receiptBatchMs?: number;
}

export interface HandoffOptions {
  onStep?: (report: StepReport) => void;
}

/** A messaging handoff (`kind: 'messaging'`): a live MIAW conversation whose rep events stream to the sink. */
export interface Handoff extends CustomerActions {
  kind: 'messaging';
  conversationId: string;
  /** The contact's identity token `sub`. */
  subject: string;
  routingAttributes: Record<string, string>;
  /** Ids of the transcript message(s), fixed for the handoff so retries never duplicate them. */
  transcriptMessageIds: string[];
  /** Attempts each step took (1 = first try). */
  attempts: Partial<Record<HandoffStep, number>>;
  /** Rep events flowing to the sink; `done` settles when the session ends. A new session gets a new stream. */
  readonly stream: RepEventStream;
  /** The customer (or the platform) closes the conversation. */
  close(): Promise<void>;
}

/**
 * What `handoff()` gives back: a messaging conversation, or an Email Case (channel `email`, or the
 * settings' outside-hours choice `email-case`). Narrow on `kind`.
 */
export type HandoffResult = Handoff | EmailCaseHandoff;

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The handoff client: validates the configuration once, then hands sessions over to Salesforce in
 * seven observable steps, retrying transient failures without ever duplicating a conversation or a
 * transcript message, and streams the rep's side back to a channel sink.
 */
export function createHandoffClient(configInput: unknown, deps: HandoffClientDeps = {}) {
  const config: HandoffConfig = parseHandoffConfig(configInput);
  const fetchFn = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const effects: RetryEffects = { sleep: deps.sleep ?? sleepReal, random: deps.random ?? Math.random };
  // MIAW requests: node:http on plain loopback (the simulator) when fetch is Node's own, else fetch.
  const api = new MiawApi(config.messagingUrl, chooseTransport(config.messagingUrl, deps.fetch), config.requestTimeoutMs);
  const streamFetch = chooseStreamFetch(config.messagingUrl, deps.fetch);
  const tokens = new AccessTokenProvider(config, api, now);
  const active = new Set<string>();
  let disconnected = false;
  /** The integration user's REST session for Email Cases, shared by this client's cases. */
  const salesforce = config.emailCase && new SalesforceSession(config.emailCase, fetchFn, config.requestTimeoutMs, now);

  const refuseWhenDisconnected = () => {
    if (disconnected) {
      throw new DisconnectedError({ step: 'configure', message: 'this handoff client was disconnected', hint: 'connect again with a configuration; conversations already handed off continue on their channel' });
    }
  };

  /**
   * Hand a conversation to a rep as an Email Case, whatever its channel: what `handoff()` does for
   * channel `email`, and what an "outside office hours: open an Email Case" decision calls. With
   * settings, their priority and attribute rules route the case as `handoff()` would; channels and
   * office hours do not decide again (calling this is the decision), nor refuse a case.
   */
  async function openCase(input: HandoffSession, options: HandoffOptions = {}): Promise<EmailCaseHandoff> {
    refuseWhenDisconnected();
    const session = parseHandoffSession(input);
    // The caller chose this path: the settings' routing rules apply, their channels and office hours do not decide again.
    return caseFor(session, options, caseRoutingWithSettings(config.settings, session, (r) => options.onStep?.(r)));
  }
  const caseFor = (session: HandoffSession, options: HandoffOptions, rules?: SettingsRouting) => openEmailCase(session, { config, fetch: fetchFn, now, effects, session: salesforce }, options.onStep, rules);

  /**
   * Channel `email` opens an Email Case (`openCase`; the sink is not used: the rep answers by
   * email), and so does any channel when the settings decide `email-case` (outside office hours);
   * otherwise a messaging conversation. The result says which by its `kind`: a session typed with
   * channel `email` gives an `EmailCaseHandoff`, any other a `HandoffResult` to narrow.
   */
  function handoff(input: HandoffSession & { channel: 'email' }, sink?: ChannelSink, options?: HandoffOptions): Promise<EmailCaseHandoff>;
  function handoff(input: HandoffSession, sink: ChannelSink, options?: HandoffOptions): Promise<HandoffResult>;
  async function handoff(input: HandoffSession, sink?: ChannelSink, options: HandoffOptions = {}): Promise<HandoffResult> {
    refuseWhenDisconnected();
    // The contact's identity token is signed on the thread pool while the session is checked (signAhead.ts).
    const signedAhead = sink ? signAhead(tokens, input) : undefined;
    // Checked here, before any request: a malformed session from the bot platform fails naming its field.
    const session = parseHandoffSession(input);
    const report = (r: StepReport) => options.onStep?.(r);
    // Channels, rules and office hours decide the way first: an email conversation, or the
    // settings' after-hours choice, takes the Email Case path.
    const decision = decideWithSettings(config.settings, session, now(), report);
    // (An email session always decides 'email-case'; the channel test also narrows its type.)
    // The settings' priority and attribute rules route the case as they would the conversation.
    if (decision.path === 'email-case' || session.channel === 'email') return caseFor(session, options, { priority: decision.priority, set: decision.attributes });
    if (!sink) throw new TypeError('[miaw-handoff] handoff() needs a channel sink for a messaging channel: the rep\'s replies go there.');
    const attempts: Handoff['attempts'] = {};
    const subject = handoffSubject(session.contact.id, session.sessionId);

    const step = stepRunner(config.retry, effects, report, attempts);

    let token = tokens.cached(subject);
    if (token) {
      report({ step: 'sign-identity-token', status: 'done', detail: 'skipped: a cached access token is still valid' });
      report({ step: 'exchange-token', status: 'done', detail: 'reused the cached access token' });
    }
    const signing = token ? undefined : step('sign-identity-token', () => signedAhead?.(subject) ?? tokens.sign(subject));
    // The transcript and routing attributes come from the session and settings alone: worked out while
    // the signature runs on the thread pool, each handed over (or its error thrown) at its own step.
    const transcriptOf = outcomeOf(() => buildTranscript(session, config.transcript));
    const routingAttributesOf = outcomeOf(() => extractRoutingAttributes(session, { extra: config.routingAttributeMap, priority: decision.priority, set: decision.attributes }));
    if (!token) {
      const identityToken = await signing!;
      token = await step('exchange-token', () => tokens.exchange(subject, identityToken));
    }

    report({ step: 'build-transcript', status: 'started' });
    const transcript = transcriptOf();
    report({ step: 'build-transcript', status: 'done', detail: `${transcript.length} message(s)` });

    report({ step: 'extract-routing-attributes', status: 'started' });
    const routingAttributes = routingAttributesOf();
    report({ step: 'extract-routing-attributes', status: 'done' });

    const conversationId = randomUUID();
    await step('create-conversation', () =>
      tokens.withToken(subject, (accessToken) =>
        api.request({
          step: 'create-conversation',
          error: CreateConversationError,
          method: 'POST',
          path: '/iamessage/api/v2/conversation',
          token: accessToken,
          body: { conversationId, esDeveloperName: config.esDeveloperName, routingAttributes, ...(session.language ? { language: session.language } : {}) },
        }),
      ),
    );
    active.add(conversationId);

    const live = new LiveConversation(
      {
        config,
        api,
        tokens,
        effects,
        streamFetch,
        sink,
        subject,
        conversationId,
        channel: session.channel,
        routingAttributes,
        receiptBatchMs: deps.receiptBatchMs ?? 200,
        stream: { reconnectBaseMs: deps.stream?.reconnectBaseMs ?? 1000, maxReconnects: deps.stream?.maxReconnects ?? 10 },
        log: deps.log,
        onStreamSettled: () => {
          if (live.stream.settled) active.delete(conversationId);
        },
      },
    );
    const transcriptMessageIds = transcript.map(() => randomUUID());
    await step('send-transcript', async () => {
      for (const [i, text] of transcript.entries()) await live.sendText(text, transcriptMessageIds[i]!);
    });
    report({ step: 'subscribe', status: 'started' });
    live.start(token.lastEventId);
    report({ step: 'subscribe', status: 'done' });

    return {
      kind: 'messaging',
      conversationId,
      subject,
      routingAttributes,
      transcriptMessageIds,
      attempts,
      get stream() {
        return live.stream;
      },
      ...live.customerActions(),
      close: () => live.close(),
    };
  }

  return {
    handoff,
    openCase,
    /**
     * Disconnect the integration: refuse new handoffs (conversations already handed off continue
     * on their channel until their session ends) and, given `settingsFile`, delete the saved settings.
     */
    async disconnect(options: { settingsFile?: string } = {}): Promise<void> {
      disconnected = true;
      if (options.settingsFile) await deleteSettings(options.settingsFile);
    },
    get activeConversations(): string[] {
      return [...active];
    },
    get messagingUrl(): string {
      return config.messagingUrl;
    },
  };
}

export type HandoffClient = ReturnType<typeof createHandoffClient>;
