import { randomUUID } from 'node:crypto';
import { createHandoffClient, HandoffError, type EmailCaseHandoff, type Handoff, type HandoffClient, type HandoffSession, type RepEvent, type StepReport } from '../../client/index.ts';
import { MiawApiError } from '../shared/errors.ts';
import type { LiveFeed } from '../events/liveFeed.ts';
import { DEFAULT_CONSUMER_KEY, DEFAULT_DEPLOYMENT, DEFAULT_INTEGRATION_USER, DEFAULT_ISSUER, DEFAULT_ORG_ID } from '../store/seed.ts';
import { WidgetChat, type WidgetChatView } from './widgetChat.ts';

/** The default org's verification key pair, kept server-side: the widget page never sees it. */
export interface DefaultKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  kid: string;
}

export interface WidgetHandoffInput {
  channel: 'web' | 'whatsapp' | 'sms' | 'phone' | 'email';
  language: string;
  customerName: string;
  /** Where the rep answers an email handoff (required for channel email). */
  customerEmail?: string;
  summary: string;
  history: Array<{ speaker: 'customer' | 'bot'; text: string; at?: number }>;
}

/** One handoff started from the widget, as `GET /__sim/v1/widget/handoffs/:id` shows it. */
export interface WidgetHandoffView {
  id: string;
  /** `case-opened`: an email handoff is done once its Email Case is open (the rep answers by email). */
  status: 'starting' | 'live' | 'ended' | 'failed' | 'case-opened';
  channel: WidgetHandoffInput['channel'];
  conversationId: string | null;
  routingAttributes: Record<string, string>;
  /** The handoff client's step reports, retries included. */
  steps: StepReport[];
  /** What reached the customer's channel (the client's sink), in order. */
  events: RepEvent[];
  error: { name: string; step: string; message: string; hint: string } | null;
  /** What the chat shows beyond the events: progress, replies being streamed, the open question, answers, reads, the client's log. */
  chat: WidgetChatView;
  /** Email only: the Email Case the client opened (its number is what the customer is told). */
  case: { caseId: string; caseNumber: string; created: boolean; email: string } | null;
}

interface Running {
  view: WidgetHandoffView;
  chat: WidgetChat;
  handoff?: Handoff;
}

const KEPT = 50;
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'customer';

/**
 * Handoffs the widget page asks for, run by the REAL handoff client in this process against this
 * simulator (the client is a Node library; the page only describes the customer and the bot's
 * history). Every step and rep event is kept on the record and announced on the live feed.
 */
export class WidgetHandoffs {
  private runs = new Map<string, Running>();
  private messagingUrl?: () => Promise<string>;

  constructor(
    private readonly live: LiveFeed,
    private readonly keys: DefaultKeyPair | undefined,
  ) {}

  /** Where the in-process client reaches this simulator (set once it listens). */
  connect(messagingUrl: () => Promise<string>): void {
    this.messagingUrl = messagingUrl;
  }

  start(input: WidgetHandoffInput): WidgetHandoffView {
    if (!this.keys || !this.messagingUrl) {
      throw new MiawApiError(503, 'WIDGET_UNAVAILABLE', 'The widget\'s handoff needs the default key pair and a listening simulator: start it with `miaw-sim start` or startSimulator().');
    }
    const id = randomUUID();
    const events: RepEvent[] = [];
    // An email handoff opens a case and has no chat: its (unused) chat is drawn as web chat.
    const chat = new WidgetChat({ channel: input.channel === 'email' ? 'web' : input.channel, events, onChange: () => this.live.publish({ type: 'widget', handoffId: id }) });
    const run: Running = { chat, view: { id, status: 'starting', channel: input.channel, conversationId: null, routingAttributes: {}, steps: [], events, error: null, chat: chat.view, case: null } };
    this.runs.set(id, run);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - KEPT))) this.forget(old);
    void this.run(run, input, this.keys, this.messagingUrl);
    return run.view;
  }

  get(id: string): WidgetHandoffView | undefined {
    return this.runs.get(id)?.view;
  }

  /** The customer writes again from the widget (a new session after the rep ended the last one). */
  async customerSays(id: string, text: string): Promise<{ newSession: boolean } | undefined> {
    const run = this.runs.get(id);
    const handoff = run?.handoff;
    if (!run || !handoff) return undefined;
    const before = handoff.stream;
    const result = await handoff.sendCustomerMessage(text);
    run.chat.typedAnswer(result);
    if (handoff.stream !== before) this.followEnd(run, handoff);
    if (result.newSession) this.update(run, () => (run.view.status = 'live'));
    return result;
  }

  /** The web chat of a live web handoff (reads, choices, forms), or a 409 saying why there is none. */
  webChat(id: string): WidgetChat {
    const run = this.runs.get(id);
    if (!run?.handoff || run.view.channel !== 'web') throw new MiawApiError(409, 'WIDGET_NO_WEB_CHANNEL', `Handoff ${id} has no web chat (only a live handoff on the web channel has one).`);
    return run.chat;
  }

  /** Stop following every conversation (reset, shutdown): no stream keeps reconnecting. */
  closeAll(): void {
    for (const id of [...this.runs.keys()]) this.forget(id);
  }

  private async run(run: Running, input: WidgetHandoffInput, keys: DefaultKeyPair, messagingUrl: () => Promise<string>): Promise<void> {
    const session: HandoffSession = {
      sessionId: randomUUID(),
      channel: input.channel,
      language: input.language,
      contact: { id: `${slug(input.customerName)}-${randomUUID().slice(0, 6)}`, name: input.customerName, authenticated: true, ...(input.customerEmail ? { email: input.customerEmail } : {}) },
      summary: input.summary,
      history: input.history.map((turn, i) => ({ speaker: turn.speaker, text: turn.text, at: turn.at ?? Date.now() - (input.history.length - i) * 1000 })),
    };
    const onStep = (report: StepReport) => this.update(run, () => run.view.steps.push(report));
    try {
      const url = await messagingUrl();
      const client = createHandoffClient({
        messagingUrl: url,
        orgId: DEFAULT_ORG_ID,
        esDeveloperName: DEFAULT_DEPLOYMENT,
        issuer: DEFAULT_ISSUER,
        authKeyId: keys.kid,
        authPublicKeyPem: keys.publicKeyPem,
        authPrivateKeyPem: keys.privateKeyPem,
        // The default connected app's certificate is the default key pair: the same key signs the JWT bearer assertion.
        emailCase: { loginUrl: url, consumerKey: DEFAULT_CONSUMER_KEY, username: DEFAULT_INTEGRATION_USER, privateKeyPem: keys.privateKeyPem },
      }, { log: (line) => run.chat.log(line) });
      if (input.channel === 'email') {
        await this.openCase(run, client, session, onStep);
        return;
      }
      const handoff = await client.handoff(session, run.chat.sink, { onStep });
      // This client has no handoff settings and a messaging channel here: the result is a conversation (narrowed for the types).
      if (handoff.kind !== 'messaging') throw new Error(`[miaw-sim] The widget follows conversations; this handoff opened Email Case ${handoff.caseNumber}.`);
      run.handoff = handoff;
      run.chat.attach(handoff);
      this.update(run, () => Object.assign(run.view, { status: 'live', conversationId: handoff.conversationId, routingAttributes: handoff.routingAttributes }));
      this.followEnd(run, handoff);
    } catch (err) {
      this.failed(run, err);
    }
  }

  /** Email: the client's Email Case path (`openCase`); the customer is told the case number, the rep answers by email. A failure throws to `run`. */
  private async openCase(run: Running, client: HandoffClient, session: HandoffSession, onStep: (report: StepReport) => void): Promise<void> {
    const opened: EmailCaseHandoff = await client.openCase(session, { onStep });
    const found = { caseId: opened.caseId, caseNumber: opened.caseNumber, created: opened.created, email: session.contact.email ?? '' };
    this.update(run, () => Object.assign(run.view, { status: 'case-opened', routingAttributes: opened.routingAttributes, case: found }));
  }

  private failed(run: Running, err: unknown): void {
    const e = err instanceof HandoffError ? err : undefined;
    const error = { name: err instanceof Error ? err.name : 'Error', step: e?.step ?? 'configure', message: err instanceof Error ? err.message : String(err), hint: e?.hint ?? '' };
    this.update(run, () => Object.assign(run.view, { status: 'failed', error }));
  }

  /** The session ended (or the stream gave up): `ended`, until the customer writes again. */
  private followEnd(run: Running, handoff: Handoff): void {
    const stream = handoff.stream;
    const ended = () => {
      if (handoff.stream === stream && this.runs.has(run.view.id)) this.update(run, () => (run.view.status = 'ended'));
    };
    stream.done.then(ended, ended);
  }

  private update(run: Running, change: () => void): void {
    change();
    this.live.publish({ type: 'widget', handoffId: run.view.id });
  }

  private forget(id: string): void {
    this.runs.get(id)?.handoff?.stream.close();
    this.runs.delete(id);
  }
}
