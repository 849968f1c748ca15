/** Who takes part in a conversation, and what its entries record: the entry envelope and each entry type's typed content (`serialize/entries.ts` writes the MIAW payloads). Re-exported by `types.ts`. */

export type Role = 'EndUser' | 'Agent' | 'Chatbot' | 'System' | 'Router' | 'Supervisor';

export interface Participant {
  role: Role;
  appType: string;
  subject: string;
  clientIdentifier: string;
}

/** The envelope every conversation entry has, whatever its type. */
export interface EntryBase {
  identifier: string;
  conversationId: string;
  sender: Participant;
  senderDisplayName: string;
  transcriptedTimestamp: number;
  clientTimestamp: number;
  clientDuration: number;
  relatedRecords: string[];
}

/** A file attached to a message: an end user's upload has a size, a rep's attachment a url. */
export interface Attachment {
  id: string;
  name: string;
  mimeType: string;
  size?: number;
  url?: string;
  [field: string]: unknown;
}

/** Salesforce's `TitleItem`: a title and up to three subtitles (absent ones are null). */
export interface TitleItem {
  itemType: 'TitleItem';
  title: string;
  subTitle: string | null;
  secondarySubTitle: string | null;
  tertiarySubTitle: string | null;
  referenceId: string | null;
  [field: string]: unknown;
}

/** One option a ChoicesMessage offers; the end user answers with its `optionIdentifier`. */
export interface OptionItem {
  itemType: string;
  titleItem: TitleItem;
  optionIdentifier: string;
  optionId: string | null;
  [field: string]: unknown;
}

/** A ChoicesMessage's `choices`. */
export interface ChoicesContent {
  formatType: 'Buttons' | 'QuickReplies' | 'Carousel';
  text?: string;
  optionItems: OptionItem[];
  [field: string]: unknown;
}

/** A FormMessage's `form` (format Inputs); `sections[].inputs[]` are what a FormResponse answers (`domain/conversations/formAnswers.ts`). */
export interface FormContent {
  formatType: 'Inputs';
  [field: string]: unknown;
}

export type MessageType = 'StaticContentMessage' | 'ChoicesMessage' | 'FormMessage' | 'ChoicesResponseMessage' | 'FormResponseMessage';

/**
 * What a message says: `messageType` and the one field its type carries. Reps send static
 * content, choices and forms; end users static content and choices or form responses. Each
 * content keeps the documented fields it came with.
 */
export interface MessageContent {
  messageType: MessageType;
  staticContent?: { formatType: string; text?: string; attachments?: Attachment[]; [field: string]: unknown };
  choices?: ChoicesContent;
  form?: FormContent;
  choicesResponse?: { formatType: string; [field: string]: unknown };
  formResponse?: Record<string, unknown>;
}

/** An AI agent's progress update (`CONVERSATION_PROGRESS_INDICATOR`). */
export interface ProgressIndicatorContent {
  indicatorType: string;
  progressMessage: { formatType: 'Text'; text: string };
}

/**
 * One token of a streamed reply (`CONVERSATION_STREAMING_TOKEN`, tokenType `MessageStreamingToken`),
 * or the validation signal that withdraws the tokens streamed so far (tokenType
 * `StreamingTokenValidation`, no `token`).
 */
export interface StreamingTokenContent {
  tokenType: string;
  sequenceNumber: number;
  timestamp: number;
  /** The id the final message will have. */
  targetMessageIdentifier: string;
  token?: { formatType: 'Text'; text: string };
}

/** Where routing put a session (or why it could not): what a RoutingResult entry records. */
export interface RoutingOutcome {
  /** The MessagingSession routed. */
  sessionId: string;
  routingType: 'Initial' | 'Transfer';
  queueId: string;
  /** Set when routing failed (e.g. after hours). */
  failureReason?: string;
  /** PendingServiceRouting record id (`0JR`). */
  pendingServiceRoutingId: string;
  /** Estimated wait in seconds, when the queue has an average handle time. */
  estimatedWaitSeconds?: number;
}

export interface ParticipantChange {
  operation: 'add' | 'remove';
  participant: Participant;
  displayName: string;
}

/** What each entry type records, as typed domain fields (`serialize/entries.ts` writes the MIAW payloads). */
export type EntryContent =
  | { entryType: 'Message'; message: MessageContent; inReplyToMessageId: string | null }
  | { entryType: 'RoutingResult'; routing: RoutingOutcome }
  | { entryType: 'ParticipantChanged'; changes: ParticipantChange[] }
  | { entryType: 'SessionStatusChanged'; sessionId: string; sessionStatus: 'Ended' | 'Inactive' | 'Waiting' }
  | { entryType: 'TypingStartedIndicator' }
  | { entryType: 'TypingStoppedIndicator' }
  | { entryType: 'DeliveryAcknowledgement'; acknowledgedAt: number }
  | { entryType: 'ReadAcknowledgement'; acknowledgedAt: number }
  | { entryType: 'CloseConversation' }
  | { entryType: 'ProgressIndicator'; progressIndicator: ProgressIndicatorContent }
  | { entryType: 'StreamingToken'; streamingToken: StreamingTokenContent };

export type EntryType = EntryContent['entryType'];

/** One conversation entry: the envelope and its typed content. */
export type Entry = EntryBase & EntryContent;
