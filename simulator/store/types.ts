import type { JWK } from 'jose';
import type { Entry, Participant } from './entryTypes.ts';

export type * from './entryTypes.ts';

/** Records as the simulator keeps them. Framework-free; serialized to MIAW JSON by `serialize/`. */

export interface Org {
  /** 15-character org id (18-character forms are normalized before lookup). */
  id: string;
  name: string;
}

export interface RegisteredKey {
  /** The Auth Key ID clients put in the identity token header as `kid`. */
  kid: string;
  alg: 'RS256';
  publicJwk: JWK;
  registeredAt: number;
}

/** A user-verification keyset ("Enhanced Chat User Verification" in Setup). */
export interface Keyset {
  name: string;
  orgId: string;
  /** Must equal the identity token's `iss`. */
  issuer: string;
  /** Uploaded keys (Setup's keyset type "Keys"); empty when the keys come from `jwksUrl`. */
  keys: RegisteredKey[];
  /** Setup's keyset type "Endpoint URL": the keys are fetched from this JSON Web Key Set URL. */
  jwksUrl?: string;
  /** Keys must carry an `x5c` certificate of the key itself (what Salesforce demands of an uploaded key). */
  requireX5c?: boolean;
}

export type PreChatFieldType = 'Text' | 'Email' | 'Number' | 'Phone' | 'Checkbox' | 'ChoiceList';

export interface PreChatField {
  name: string;
  type: PreChatFieldType;
  required: boolean;
  maxLength: number;
  isHidden: boolean;
  order: number;
  /** What the form shows; the field's name when absent. */
  label?: string;
  /** A ChoiceList field's values, with the record ids the embedded-service config links them by. */
  choiceList?: { id: string; values: Array<{ id: string; name: string; isDefault: boolean }> };
}

/** Whether the pre-chat form is shown once per conversation or at every new messaging session. */
export type PreChatDisplayContext = 'Conversation' | 'Session';

/** Messages sent automatically as a session goes along (Salesforce's auto-response messaging components). */
export interface AutoResponses {
  /** When a messaging session starts. */
  start?: string;
  /** When a rep joins the conversation. */
  repJoins?: string;
  /** When the end user has not answered for `afterSeconds`, counted from the rep's first message after theirs. */
  inactivityWarning?: { afterSeconds: number; text: string };
  /**
   * Sent, and the session goes Inactive, when the end user has not answered for `afterSeconds`
   * (counted the same way); an Inactive session ends `endAfterSeconds` later (default a day).
   */
  inactivityEnd?: { afterSeconds: number; text: string; endAfterSeconds?: number };
  /** When a messaging session ends, whatever ended it. */
  sessionEnd?: string;
}

/** An Embedded Service deployment of type "Custom Client". */
export interface Deployment {
  name: string;
  orgId: string;
  channelAddressIdentifier: string;
  /** Keyset used to verify customer identity tokens; absent = user verification off. */
  keyset?: string;
  /** Whether the unauthenticated (guest) token endpoint is open for this deployment. */
  allowGuests: boolean;
  preChatFields: PreChatField[];
  /** Absent = Conversation (shown once). */
  preChatDisplayContext?: PreChatDisplayContext;
  allowTranscriptDownload: boolean;
  autoResponses?: AutoResponses;
  /**
   * Parameter mapping: the routing attributes that reach routing (the Omni-Channel flow). Absent =
   * every attribute routes (the simulator's behaviour before parameter mapping existed).
   */
  parameterMapping?: string[];
}

/** How an end user got their access token: verified (`Auth`) or guest (`UnAuth`). */
export type AuthMode = 'Auth' | 'UnAuth';


/** Inactive: the end user stayed silent past the inactivity end; their next message makes it Waiting again, else it ends about a day later. */
export type SessionStatus = 'Waiting' | 'Active' | 'Inactive' | 'Ended';

/** A messaging session as `ConversationStore.update` hands it out to change (see `ConversationDraft`). */
export interface MessagingSessionDraft {
  /** MessagingSession record id (`0Mw` prefix). */
  id: string;
  status: SessionStatus;
  startedAt: number;
  /** When the session last went Inactive (absent once it is Waiting or Active again). */
  inactiveAt?: number;
  endedAt?: number;
  routingAttributes: Record<string, string>;
  /** Attributes the deployment's parameter mapping does not map: kept here, never routed on. */
  unmappedAttributes?: string[];
  /** The queue routing put the session in (simulator/routing). */
  queue?: string;
}

/** A messaging session as everyone but `ConversationStore.update` sees it: read-only (a change goes through the store, which tells persistence). */
export type MessagingSession = Readonly<MessagingSessionDraft>;

export type RoutingStatus = 'INITIAL' | 'NEEDS_ROUTING' | 'ROUTED' | 'TRANSFER';

/**
 * A conversation as `ConversationStore.update` hands it out: the one place its record (status,
 * routing status, sessions, reps) may change, so the store can tell who keeps it on disk.
 */
export interface ConversationDraft {
  id: string;
  orgId: string;
  deployment: string;
  /** The end user's subject (`v2/iamessage/...`); only this subject may use the conversation. */
  subject: string;
  endUserDisplayName: string;
  status: 'OPEN' | 'CLOSED';
  routingStatus: RoutingStatus;
  startTimestamp: number;
  endTimestamp: number;
  language?: string;
  sessions: MessagingSessionDraft[];
  /** Reps (and bots) currently in the conversation. */
  agents: Array<Participant & { displayName: string }>;
  entries: Entry[];
}

/**
 * A conversation as everyone but the store sees it: read-only, to the sessions and reps in it.
 * Its record changes through `ConversationStore.update`, its entries through `appendEntry`: both
 * tell persistence, which writes a record again only when it was told it changed.
 */
export type Conversation = Readonly<Omit<ConversationDraft, 'sessions' | 'agents' | 'entries'>> & {
  readonly sessions: readonly MessagingSession[];
  readonly agents: ReadonlyArray<Participant & { displayName: string }>;
  readonly entries: readonly Entry[];
};

/** One SSE event as it was sent: kept per subject for `Last-Event-ID` replay. */
export interface StoredEvent {
  id: number;
  subject: string;
  conversationId: string;
  event: string;
  data: string;
}

export interface JournalRecord {
  seq: number;
  at: number;
  method: string;
  path: string;
  /** `0` when no response was sent (connection reset, response lost, or the client went away first). */
  status: number;
  durationMs: number;
  conversationId?: string;
  subject?: string;
  errorCode?: string;
  /** Id of the fault rule that served this request, if one did. */
  fault?: string;
  /** Routing attributes the request sent that the deployment's parameter mapping does not map. */
  unmappedAttributes?: string[];
  /** Selected request headers and body with every secret redacted. */
  request: { headers: Record<string, string>; body?: unknown };
}
