import { badRequest, conflict } from '../../shared/errors.ts';
import { newUuid } from '../../shared/ids.ts';
import type { Conversation, Entry, MessageContent } from '../../store/types.ts';
import type { ConversationDeps } from '../conversations/changes.ts';
import { repParticipant, type RepIdentity } from '../conversations/participants.ts';
import { ackEntryType, newAcks } from '../conversations/acknowledgements.ts';
import { recordEntry } from '../conversations/recordEntry.ts';
import { activeSession, repJoins } from '../conversations/sessions.ts';
import type { Omni } from '../routing/omni.ts';
import type { RoutedRep } from '../routing/routedRep.ts';

/** What a rep's action needs: routing (who holds the work) and the conversations it changes. */
export interface RepDeps {
  routing: Pick<Omni<RoutedRep>, 'claim' | 'transfer'>;
  conversations: ConversationDeps;
}

/** What a rep in the Salesforce console can do to a conversation, producing the same entries and events. */

function requireSession(conversation: Conversation): void {
  if (conversation.status === 'CLOSED') throw conflict('CONVERSATION_CLOSED', `Conversation ${conversation.id} is closed.`);
  if (!activeSession(conversation)) {
    throw conflict('NO_ACTIVE_SESSION', `Conversation ${conversation.id} has no active messaging session; the end user must write again (isNewMessagingSession) to start one.`);
  }
}

/** The rep accepts the work (taking it from the queue, or from the rep it was offered to) and joins. */
export function repAccepts(deps: RepDeps, conversation: Conversation, rep: RepIdentity): void {
  requireSession(conversation);
  deps.routing.claim(conversation, rep);
  repJoins(deps.conversations, conversation, rep);
}

/** The rep says something; a rep who has not joined yet accepts the work first. */
export function repSays(deps: RepDeps, conversation: Conversation, rep: RepIdentity, text: string): Entry {
  return repSends(deps, conversation, rep, { content: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } }, inReplyToMessageId: null });
}

export interface RepMessage {
  /** The message id (the entry's identifier); a new UUID when absent. */
  id?: string;
  content: MessageContent;
  inReplyToMessageId: string | null;
}

/** The rep sends a message of any type (static content, choices, form); accepting first if needed. */
export function repSends(deps: RepDeps, conversation: Conversation, rep: RepIdentity, message: RepMessage): Entry {
  if (message.id && deps.conversations.store.conversations.findEntry(conversation, message.id)) {
    throw conflict('DUPLICATE_ENTRY_ID', `An entry with id ${message.id} already exists in conversation ${conversation.id}; leave message.id out or use a new UUID.`);
  }
  repAccepts(deps, conversation, rep);
  return recordEntry(deps.conversations, conversation, {
    entryType: 'Message',
    identifier: message.id,
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    message: message.content,
    inReplyToMessageId: message.inReplyToMessageId,
  });
}

/**
 * The rep side acknowledges the end user's entries as delivered or read: each new ack is recorded
 * (its `relatedRecords` name the entry) and reaches the end user's streams; an entry the rep side
 * already acknowledged the same way is not again (`newAcks`), so only new acks are returned.
 */
export function repAcknowledges(deps: RepDeps, conversation: Conversation, rep: RepIdentity, acks: ReadonlyArray<{ id?: string; entryType: 'Delivery' | 'Read'; conversationEntryId: string }>): Entry[] {
  requireSession(conversation);
  acks.forEach((ack, i) => {
    const acked = deps.conversations.store.conversations.findEntry(conversation, ack.conversationEntryId);
    if (!acked) throw badRequest('UNKNOWN_ENTRY', `acks.${i}.conversationEntryId: ${ack.conversationEntryId} is not an entry of conversation ${conversation.id}.`);
    if (acked.sender.role !== 'EndUser') throw badRequest('NOT_AN_END_USER_ENTRY', `acks.${i}.conversationEntryId: ${ack.conversationEntryId} was sent by the rep side (${acked.sender.role}); the rep side acknowledges the end user's entries.`);
    if (ack.id && (deps.conversations.store.conversations.findEntry(conversation, ack.id) || acks.findIndex((other) => other.id === ack.id) !== i)) {
      throw conflict('DUPLICATE_ENTRY_ID', `acks.${i}.id: an entry with id ${ack.id} already exists in conversation ${conversation.id} (or twice in this request); leave id out or use a new UUID.`);
    }
  });
  return newAcks(deps.conversations.store.conversations, conversation, 'rep', acks).map((ack) =>
    recordEntry(deps.conversations, conversation, {
      entryType: ackEntryType(ack),
      identifier: ack.id,
      acknowledgedAt: deps.conversations.clock.now(),
      sender: repParticipant(rep),
      senderDisplayName: rep.displayName,
      relatedRecords: [ack.conversationEntryId],
    }),
  );
}

/** An AI agent's progress update, shown while it works (stream-only, like typing). */
export function repShowsProgress(deps: RepDeps, conversation: Conversation, rep: RepIdentity, progress: { text: string; indicatorType: string }): Entry {
  requireSession(conversation);
  return recordEntry(deps.conversations, conversation, {
    entryType: 'ProgressIndicator',
    progressIndicator: { indicatorType: progress.indicatorType, progressMessage: { formatType: 'Text', text: progress.text } },
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    persist: false,
  });
}

/**
 * A reply streamed token by token (stream-only): one StreamingToken entry per token, numbered from
 * `firstSequenceNumber`, all naming the id the final message will have.
 */
export function repStreamsTokens(deps: RepDeps, conversation: Conversation, rep: RepIdentity, stream: { tokens: readonly string[]; targetMessageId?: string; firstSequenceNumber: number }): { targetMessageId: string; entries: Entry[] } {
  requireSession(conversation);
  const targetMessageId = stream.targetMessageId ?? newUuid();
  const entries = stream.tokens.map((text, i) =>
    recordEntry(deps.conversations, conversation, {
      entryType: 'StreamingToken',
      streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: stream.firstSequenceNumber + i, timestamp: deps.conversations.clock.now(), targetMessageIdentifier: targetMessageId, token: { formatType: 'Text', text } },
      sender: repParticipant(rep),
      senderDisplayName: rep.displayName,
      persist: false,
    }),
  );
  return { targetMessageId, entries };
}

/**
 * Salesforce's trust layer found a problem (such as a hallucination) in a streamed reply: a
 * StreamingTokenValidation signal naming the streamed set (`targetMessageIdentifier`), after which
 * the end user's client drops the tokens shown so far (stream-only, like the tokens).
 */
export function repInvalidatesTokens(deps: RepDeps, conversation: Conversation, rep: RepIdentity, signal: { targetMessageId: string; sequenceNumber: number }): Entry {
  requireSession(conversation);
  return recordEntry(deps.conversations, conversation, {
    entryType: 'StreamingToken',
    streamingToken: { tokenType: 'StreamingTokenValidation', sequenceNumber: signal.sequenceNumber, timestamp: deps.conversations.clock.now(), targetMessageIdentifier: signal.targetMessageId },
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    persist: false,
  });
}

export function repTyping(deps: RepDeps, conversation: Conversation, rep: RepIdentity, typing: boolean): void {
  requireSession(conversation);
  recordEntry(deps.conversations, conversation, {
    entryType: typing ? 'TypingStartedIndicator' : 'TypingStoppedIndicator',
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    persist: false,
  });
}

/** Transfer the work to another queue: the reps leave and routing offers it again there. */
export function repTransfers(deps: RepDeps, conversation: Conversation, queue: string): void {
  requireSession(conversation);
  deps.routing.transfer(conversation, queue);
}
