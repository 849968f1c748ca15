import { MiawApiError } from '../../shared/errors.ts';
import type { Conversation, Entry, MessageContent } from '../../store/types.ts';
import type { ConversationDeps } from './changes.ts';
import { endUserParticipant } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { checkRoutingAttributes } from './routingAttributes.ts';
import { activeSession, startSession } from './sessions.ts';

/** Who is writing: the end user an access token speaks for. */
export interface EndUser {
  subject: string;
  clientId: string;
  displayName: string;
}

export interface EndUserMessage {
  id: string;
  content: MessageContent;
  inReplyToMessageId?: string;
  clientTimestamp?: number;
  isNewMessagingSession?: boolean;
  routingAttributes?: Record<string, string>;
}

/**
 * An end user's message: a retry of the same `message.id` is a no-op that answers the same; with no
 * active messaging session it is 417 unless `isNewMessagingSession` starts one (and re-routes).
 */
export function sendEndUserMessage(deps: ConversationDeps, conversation: Conversation, caller: EndUser, message: EndUserMessage): Entry {
  const existing = deps.store.conversations.findEntry(conversation, message.id);
  if (existing) {
    if (existing.entryType !== 'Message' || existing.sender.subject !== caller.subject) {
      throw new MiawApiError(409, 'DUPLICATE_ENTRY_ID', `An entry with id ${message.id} already exists in this conversation. Use a new UUID for each message.`);
    }
    return existing;
  }
  if (!activeSession(conversation)) {
    if (!message.isNewMessagingSession) {
      throw new MiawApiError(417, 'NO_ACTIVE_MESSAGING_SESSION', `Conversation ${conversation.id} has no active messaging session (it was ended). Resend the message with "isNewMessagingSession": true (and routingAttributes) to start a new session.`);
    }
    const deployment = deps.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    const attributes = deployment ? checkRoutingAttributes(deployment, message.routingAttributes ?? {}) : {};
    startSession(deps, conversation, deployment, attributes);
  }
  return recordEntry(deps, conversation, {
    entryType: 'Message',
    identifier: message.id,
    sender: endUserParticipant(caller.subject, caller.clientId),
    senderDisplayName: conversation.endUserDisplayName,
    clientTimestamp: message.clientTimestamp,
    message: message.content,
    inReplyToMessageId: message.inReplyToMessageId ?? null,
  });
}

/** The end user starts or stops typing (stream-only: never kept in the transcript). */
export function endUserTyping(deps: ConversationDeps, conversation: Conversation, caller: EndUser, entryType: 'TypingStartedIndicator' | 'TypingStoppedIndicator', id?: string): void {
  recordEntry(deps, conversation, { entryType, identifier: id, sender: endUserParticipant(caller.subject, caller.clientId), senderDisplayName: conversation.endUserDisplayName, persist: false });
}

/** The end user acknowledges entries as delivered or read: kept for the rep's side, not echoed to the end user's own stream. */
export function endUserAcknowledges(deps: ConversationDeps, conversation: Conversation, caller: EndUser, acks: Array<{ id?: string; entryType: 'Delivery' | 'Read'; conversationEntryId: string }>): void {
  for (const ack of acks) {
    recordEntry(deps, conversation, {
      entryType: ack.entryType === 'Delivery' ? 'DeliveryAcknowledgement' : 'ReadAcknowledgement',
      identifier: ack.id,
      acknowledgedAt: deps.clock.now(),
      sender: endUserParticipant(caller.subject, caller.clientId),
      senderDisplayName: conversation.endUserDisplayName,
      relatedRecords: [ack.conversationEntryId],
      stream: false,
    });
  }
}
