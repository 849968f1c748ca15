import { randomUUID } from 'node:crypto';
import { createEventSource, type EventSourceClient } from 'eventsource-client';
import { importPKCS8, SignJWT } from 'jose';
import { MiawApiError } from '../shared/errors.ts';

/** What the web channel needs to be the customer's web client for one verified end user. */
export interface WebChannelOptions {
  messagingUrl: string;
  orgId: string;
  deployment: string;
  issuer: string;
  kid: string;
  privateKeyPem: string;
  /** The verified end user (the handoff's identity token `sub`). */
  subject: string;
  conversationId: string;
  /** Something the page shows changed. */
  onChange: () => void;
  fetch?: typeof fetch;
}

/** A rep or bot message as the web client received it (`abstractMessage` as sent on the stream). */
export interface WebMessage {
  entryId: string;
  senderRole: string;
  abstractMessage: Record<string, unknown>;
  /** The acknowledgements this client sent for it. */
  delivered: boolean;
  read: boolean;
  /** Option identifiers the customer chose, for a ChoicesMessage they answered. */
  chosen: string[];
}

/** What the widget's web client saw beyond the handoff client's text: rich content, progress, streamed replies, receipts sent. */
export interface WebChannelView {
  messages: WebMessage[];
  progress: { senderName: string; text: string } | null;
  /** Replies being streamed token by token, until their final message arrives. */
  streams: Array<{ targetMessageId: string; senderName: string; text: string }>;
  /** Names of the events this client does not know and therefore ignored. */
  ignoredEvents: string[];
}

interface FrameEntry {
  identifier?: string;
  entryPayload?: string;
  sender?: { role?: string };
  senderDisplayName?: string;
}
interface Frame {
  conversationId?: string;
  conversationEntry?: FrameEntry;
}

const KNOWN = new Set([
  'CONVERSATION_MESSAGE',
  'CONVERSATION_PROGRESS_INDICATOR',
  'CONVERSATION_STREAMING_TOKEN',
  'CONVERSATION_TYPING_STARTED_INDICATOR',
  'CONVERSATION_TYPING_STOPPED_INDICATOR',
  'CONVERSATION_PARTICIPANT_CHANGED',
  'CONVERSATION_ROUTING_RESULT',
  'CONVERSATION_SESSION_STATUS_CHANGED',
  'CONVERSATION_CLOSE_CONVERSATION',
  'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT',
  'CONVERSATION_READ_ACKNOWLEDGEMENT',
]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The web chat's own client of the end-user API, for the same verified user as the handoff: it
 * follows the event stream as Salesforce's web client does (rich messages, progress, streaming
 * tokens; unknown events ignored), acknowledges each rep message as delivered on receipt and as
 * read when the page shows it, and answers a ChoicesMessage with a ChoicesResponse. Its access
 * token stays here; the page sees only `view`.
 */
export class WebChannel {
  readonly view: WebChannelView = { messages: [], progress: null, streams: [], ignoredEvents: [] };
  private accessToken?: Promise<string>;
  private source?: EventSourceClient;
  /** Streamed tokens by target message id, indexed by sequence number. */
  private readonly streamed = new Map<string, string[]>();
  private readonly fetch: typeof fetch;

  constructor(private readonly o: WebChannelOptions) {
    this.fetch = o.fetch ?? fetch;
  }

  /** Follow the stream from the start of what is kept for this end user (its first conversation is this one). */
  open(): void {
    this.source = createEventSource({
      url: `${this.o.messagingUrl}/eventrouter/v1/sse`,
      initialLastEventId: '0',
      fetch: (url, init) => this.authorized(String(url), { ...init, headers: { ...init?.headers, 'X-Org-Id': this.o.orgId.slice(0, 15) } }),
      onMessage: ({ event, data }) => {
        if (event && event !== 'ping') this.receive(event, data);
      },
    });
  }

  close(): void {
    this.source?.close();
  }

  /** The page showed these rep messages to the customer: acknowledge each as read, once. */
  async read(entryIds: readonly string[]): Promise<number> {
    const unread = this.view.messages.filter((m) => entryIds.includes(m.entryId) && !m.read);
    if (!unread.length) return 0;
    for (const m of unread) m.read = true; // claimed now, so a second call while this one runs sends nothing
    try {
      await this.acknowledge('Read', unread);
    } catch (err) {
      for (const m of unread) m.read = false;
      throw err;
    }
    return unread.length;
  }

  /** The customer chose an option of a ChoicesMessage: send the ChoicesResponse Salesforce's web client sends. */
  async choose(entryId: string, optionIdentifier: string): Promise<{ id: string }> {
    const message = this.view.messages.find((m) => m.entryId === entryId);
    const choices = message?.abstractMessage.choices;
    if (!message || !isObject(choices) || !Array.isArray(choices.optionItems)) {
      throw new MiawApiError(400, 'NOT_A_CHOICES_MESSAGE', `entryId: ${entryId} is no ChoicesMessage the widget received.`);
    }
    const option = (choices.optionItems as unknown[]).filter(isObject).find((o) => o.optionIdentifier === optionIdentifier);
    if (!option) throw new MiawApiError(400, 'UNKNOWN_OPTION', `optionIdentifier: ${optionIdentifier} is not an option of message ${entryId}.`);
    const title = isObject(option.titleItem) && typeof option.titleItem.title === 'string' ? option.titleItem.title : undefined;
    const id = randomUUID();
    const selected = { optionIdentifier, ...(typeof option.optionId === 'string' ? { optionId: option.optionId } : {}), ...(title ? { optionTitle: title } : {}) };
    await this.call('POST', `/conversation/${this.o.conversationId}/message`, {
      esDeveloperName: this.o.deployment,
      message: { id, messageType: 'ChoicesResponseMessage', inReplyToMessageId: message.abstractMessage.id ?? entryId, choicesResponse: { formatType: 'Selections', selectedOptions: [selected] } },
    });
    message.chosen = [optionIdentifier];
    this.o.onChange();
    return { id };
  }

  private receive(event: string, data: string): void {
    if (!KNOWN.has(event)) return this.ignore(event);
    let frame: Frame;
    let payload: Record<string, unknown>;
    try {
      frame = JSON.parse(data) as Frame;
      payload = JSON.parse(frame.conversationEntry?.entryPayload ?? '{}') as Record<string, unknown>;
    } catch {
      return this.ignore(event);
    }
    if (!isObject(frame) || !isObject(payload)) return this.ignore(event);
    if (frame.conversationId !== this.o.conversationId) return undefined;
    const entry: FrameEntry = frame.conversationEntry ?? {};
    const role = entry.sender?.role ?? 'System';
    const senderName = entry.senderDisplayName ?? role;
    switch (event) {
      case 'CONVERSATION_MESSAGE':
        if (role !== 'EndUser' && entry.identifier && isObject(payload.abstractMessage)) this.message(entry.identifier, role, payload.abstractMessage);
        return undefined;
      case 'CONVERSATION_PROGRESS_INDICATOR': {
        const indicator = isObject(payload.progressIndicator) && isObject(payload.progressIndicator.progressMessage) ? payload.progressIndicator.progressMessage : {};
        this.view.progress = { senderName, text: typeof indicator.text === 'string' ? indicator.text : '' };
        return this.o.onChange();
      }
      case 'CONVERSATION_STREAMING_TOKEN':
        return this.streamToken(senderName, isObject(payload.streamingToken) ? payload.streamingToken : {});
      default:
        return undefined;
    }
  }

  private message(entryId: string, senderRole: string, abstractMessage: Record<string, unknown>): void {
    if (this.view.messages.some((m) => m.entryId === entryId)) return; // a replay after a reconnect
    const message: WebMessage = { entryId, senderRole, abstractMessage, delivered: false, read: false, chosen: [] };
    this.view.messages.push(message);
    this.view.progress = null;
    this.view.streams = this.view.streams.filter((s) => s.targetMessageId !== entryId && s.targetMessageId !== abstractMessage.id);
    this.o.onChange();
    void this.acknowledge('Delivery', [message]).catch(() => undefined); // a failed receipt is not retried: the page still shows the message
  }

  /** One token of a streamed reply: kept in sequence order and shown assembled. */
  private streamToken(senderName: string, t: Record<string, unknown>): void {
    const target = typeof t.targetMessageIdentifier === 'string' ? t.targetMessageIdentifier : '';
    const text = isObject(t.token) && typeof t.token.text === 'string' ? t.token.text : '';
    const n = typeof t.sequenceNumber === 'number' && Number.isInteger(t.sequenceNumber) && t.sequenceNumber >= 0 && t.sequenceNumber < 100_000 ? t.sequenceNumber : -1;
    if (!target || n < 0 || this.view.messages.some((m) => m.entryId === target)) return;
    const parts = this.streamed.get(target) ?? [];
    parts[n] = text;
    this.streamed.set(target, parts);
    const assembled = parts.filter((p) => p !== undefined).join('');
    const stream = this.view.streams.find((s) => s.targetMessageId === target);
    if (stream) stream.text = assembled;
    else this.view.streams.push({ targetMessageId: target, senderName, text: assembled });
    this.o.onChange();
  }

  private ignore(event: string): void {
    if (!this.view.ignoredEvents.includes(event) && this.view.ignoredEvents.length < 20) this.view.ignoredEvents.push(event.slice(0, 100));
    this.o.onChange();
  }

  private async acknowledge(entryType: 'Delivery' | 'Read', messages: WebMessage[]): Promise<void> {
    const field = entryType === 'Delivery' ? 'delivered' : 'read';
    await this.call('POST', `/conversation/${this.o.conversationId}/acknowledge-entries`, { acks: messages.map((m) => ({ id: randomUUID(), entryType, conversationEntryId: m.entryId })) });
    for (const m of messages) m[field] = true;
    this.o.onChange();
  }

  private async call(method: string, path: string, body: unknown): Promise<void> {
    const res = await this.authorized(`${this.o.messagingUrl}/iamessage/api/v2${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: the text as it came
      }
      throw new MiawApiError(res.status === 400 ? 400 : 502, res.status === 400 ? 'WIDGET_REQUEST_REFUSED' : 'WIDGET_SEND_FAILED', `${method} ${path} answered ${res.status}: ${message}`);
    }
  }

  /** A request with the access token; a refused token (401) is replaced once. */
  private async authorized(url: string, init: RequestInit): Promise<Response> {
    const token = () =>
      (this.accessToken ??= this.mint().catch((err: unknown) => {
        this.accessToken = undefined;
        throw err;
      }));
    const send = async () => this.fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${await token()}` } });
    const res = await send();
    if (res.status !== 401) return res;
    this.accessToken = undefined;
    return send();
  }

  /** The verified user's access token, from an identity token signed with the default org's key. */
  private async mint(): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    const identity = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: this.o.kid, typ: 'JWT' })
      .setIssuer(this.o.issuer)
      .setSubject(this.o.subject)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .setJti(randomUUID())
      .sign(await importPKCS8(this.o.privateKeyPem, 'RS256'));
    const res = await this.fetch(`${this.o.messagingUrl}/iamessage/api/v2/authorization/authenticated/access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: this.o.orgId, esDeveloperName: this.o.deployment, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: identity }),
    });
    if (!res.ok) {
      throw new MiawApiError(502, 'WIDGET_TOKEN_FAILED', `The widget's web client could not get an access token: HTTP ${res.status}.`);
    }
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
}
