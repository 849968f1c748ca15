import type { AttachmentItem } from '../content/messageContent.ts';

/** The channels that carry a live conversation (email goes through Email Cases instead). */
export type MessagingChannel = 'web' | 'whatsapp' | 'sms' | 'phone';

/**
 * How the channel shows the message: structured on the web (`buttons`, `quick-replies`,
 * `carousel`, `files`, `link-card`, `web-view`, `form`), WhatsApp's `reply-buttons`, `list` and
 * `files`, else `numbered` options or plain `text`.
 */
export type RenderedFormat =
  | 'text'
  | 'numbered'
  | 'buttons'
  | 'quick-replies'
  | 'carousel'
  | 'reply-buttons'
  | 'list'
  | 'files'
  | 'link-card'
  | 'web-view'
  | 'form';

/** An option as the channel shows it; `number` is what the customer may type back on a numbered rendering. */
export interface RenderedOption {
  id: string;
  title: string;
  subtitle?: string;
  imageUrl?: string;
  number?: number;
}

/** What this channel can show of a message, and how. `text` is always the whole message as text. */
export interface RenderedMessage {
  channel: MessagingChannel;
  format: RenderedFormat;
  text: string;
  options?: RenderedOption[];
  files?: AttachmentItem[];
  link?: { url: string; title?: string; imageUrl?: string };
  /** The label of the button that opens a WhatsApp list. */
  listButton?: string;
  /** Whether a typed reply (an option's number or title) answers the message's choices. */
  acceptsTypedAnswer: boolean;
}
