/** Public types of the handoff client: what a bot platform passes in and gets back. */
import type { MessageContent } from './content/messageContent.ts';
import type { RenderedMessage } from './render/rendered.ts';

/** Channels a conversation can be handed off from. Email is not a messaging channel: it opens an Email Case. */
export type HandoffChannel = 'web' | 'whatsapp' | 'sms' | 'phone' | 'email';

export type Speaker = 'customer' | 'bot' | 'agent' | 'system';

export interface HistoryTurn {
  speaker: Speaker;
  text: string;
  /** When it was said: epoch ms, ISO string or Date. */
  at: number | string | Date;
}

export interface Contact {
  /** Stable id of the customer in the bot platform; becomes the identity token's `sub`. Anonymous contacts get a generated one. */
  id?: string;
  /** The customer's name: sent as the standard pre-chat fields `_firstName` / `_lastName`, which Salesforce shows to the rep. */
  name?: string;
  /** Given, these replace splitting `name` at its first space. */
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  /** Whether the bot platform verified who the customer is (`Chat_Consumer_Type`). */
  authenticated: boolean;
  /** Any other contact fields, available to the routing attribute mapping as `contact.<name>`. */
  [field: string]: unknown;
}

/** One AI conversation to hand over to a human rep. */
export interface HandoffSession {
  /** The bot platform's session id (a UUID): routing attribute `OpencxSessionId`. */
  sessionId: string;
  channel: HandoffChannel;
  /** Detected language code (e.g. `fr`): routing attribute `Chat_language`. */
  language?: string;
  /** Routing attribute `Priority`; `Low` unless set. */
  priority?: string;
  contact: Contact;
  /** The AI's summary of the conversation so far: always the start of the transcript. */
  summary: string;
  history: HistoryTurn[];
  /** Other session fields, available to the routing attribute mapping as `session.<name>`. */
  fields?: Record<string, unknown>;
}

/** What the rep side does, delivered to the customer's channel in order, exactly once. */
export type RepEvent =
  | {
      type: 'message';
      conversationId: string;
      entryId: string;
      /** The whole message as text for this session's channel (options numbered, links and files as URLs). */
      text: string;
      /** What the message says, typed (text, attachments, richLink, webView, choices, form). */
      content: MessageContent;
      /** What this channel can show of it, and how. */
      rendered: RenderedMessage;
      senderName: string;
      senderRole: string;
      at: number;
    }
  | { type: 'typing'; conversationId: string; isTyping: boolean; senderName: string; at: number }
  | { type: 'participant'; conversationId: string; operation: 'joined' | 'left'; name: string; role: string; at: number }
  /** An AI agent says what it is doing (`CONVERSATION_PROGRESS_INDICATOR`). */
  | { type: 'progress'; conversationId: string; text: string; indicatorType: string; senderName: string; senderRole: string; at: number }
  /**
   * A streamed reply so far, tokens put in order (only for sinks with `receivePartials`). The
   * finished reply then comes as one `message` whose `entryId` is this `targetMessageId`.
   */
  | { type: 'message-partial'; conversationId: string; targetMessageId: string; text: string; senderName: string; senderRole: string; at: number }
  /** The rep side received (`delivered`) or read (`read`) the customer's message `entryId`. */
  | { type: 'receipt'; conversationId: string; receipt: 'delivered' | 'read'; entryId: string; senderName: string; at: number }
  | { type: 'session-ended'; conversationId: string; at: number }
  | { type: 'conversation-closed'; conversationId: string; at: number };

/** Where rep events go: implemented by the embedding platform (web widget, WhatsApp, SMS, phone). */
export interface ChannelSink {
  /** Show the event to the customer. When it resolves, a rep message is acknowledged to Salesforce as delivered. */
  deliver(event: RepEvent): void | Promise<void>;
  /** Opt in to `message-partial` events: a streamed reply as it grows. */
  receivePartials?: boolean;
  /**
   * Given, called once per conversation with `markRead`: call that when the channel reports that
   * the customer read a rep message (its `entryId`); it is acknowledged to Salesforce as read.
   */
  trackReads?(markRead: (entryId: string) => void): void;
}

/** The seven steps of a messaging handoff, in order, then those of an Email Case, as reported to `onStep`; with handoff settings, `check-settings` comes first. */
export type HandoffStep =
  | 'check-settings'
  | 'sign-identity-token'
  | 'exchange-token'
  | 'build-transcript'
  | 'extract-routing-attributes'
  | 'create-conversation'
  | 'send-transcript'
  | 'subscribe'
  | EmailCaseStep;

/** An Email Case: the JWT bearer grant, the Case upserted by the session id, the transcript email on it, the case read back for its number. */
export type EmailCaseStep = 'authenticate-salesforce' | 'open-case' | 'attach-transcript' | 'read-case';

export interface StepReport {
  step: HandoffStep;
  status: 'started' | 'done' | 'retrying' | 'failed';
  attempt?: number;
  /** Delay before the next attempt, for `retrying`. */
  delayMs?: number;
  detail?: string;
}
