import { badRequest, MiawApiError } from '../../shared/errors.ts';
import type { Conversation, Entry, MessageContent } from '../../store/types.ts';
import type { ConversationDeps } from './changes.ts';
import { ackEntryType, newAcks, type AckRequest } from './acknowledgements.ts';
import { checkFormAnswers } from './formAnswers.ts';
import { endUserParticipant } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { checkRoutingAttributes } from './routingAttributes.ts';
import { activeSession, reactivateSession, startSession } from './sessions.ts';

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
 * active messaging session it is 417 unless `isNewMessagingSession` starts one (and re-routes); an
 * Inactive session switches to Waiting and is routed again.
 */
export function sendEndUserMessage(deps: ConversationDeps, conversation: Conversation, caller: EndUser, message: EndUserMessage): Entry {
  const existing = deps.store.conversations.findEntry(conversation, message.id);
  if (existing) {
    if (existing.entryType !== 'Message' || existing.sender.subject !== caller.subject) {
      throw new MiawApiError(409, 'DUPLICATE_ENTRY_ID', `An entry with id ${message.id} already exists in this conversation. Use a new UUID for each message.`);
    }
    return existing;
  }
  checkAnswer(conversation, message);
  if (!activeSession(conversation)) {
    if (!message.isNewMessagingSession) {
      throw new MiawApiError(417, 'NO_ACTIVE_MESSAGING_SESSION', `Conversation ${conversation.id} has no active messaging session (it was ended). Resend the message with "isNewMessagingSession": true (and routingAttributes) to start a new session.`);
    }
    const deployment = deps.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    const attributes = deployment ? checkRoutingAttributes(deployment, message.routingAttributes ?? {}) : {};
    startSession(deps, conversation, deployment, attributes);
  } else {
    const session = activeSession(conversation);
    if (session?.status === 'Inactive') reactivateSession(deps, conversation, session);
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

const answerTo = { ChoicesResponseMessage: 'ChoicesMessage', FormResponseMessage: 'FormMessage' } as const;

/**
 * A choices or form response must answer what the rep side offered: the message its
 * `inReplyToMessageId` names, or else the latest one of that type. A choice must be one of the
 * options offered (by `optionIdentifier`); a form's answers must fit its inputs (`formAnswers.ts`).
 * Problems are 400s that name the field.
 */
function checkAnswer(conversation: Conversation, message: EndUserMessage): void {
  const { messageType } = message.content;
  if (messageType !== 'ChoicesResponseMessage' && messageType !== 'FormResponseMessage') return;
  const offeredType = answerTo[messageType];
  const refuse = (field: string, why: string) => badRequest('INVALID_REQUEST', `Invalid request body: message.${field}: ${why}`);
  const offered = message.inReplyToMessageId
    ? conversation.entries.find((e) => e.identifier === message.inReplyToMessageId)
    : [...conversation.entries].reverse().find((e) => e.entryType === 'Message' && e.message.messageType === offeredType);
  if (!offered || offered.entryType !== 'Message' || offered.message.messageType !== offeredType) {
    if (message.inReplyToMessageId) throw refuse('inReplyToMessageId', `${message.inReplyToMessageId} is not a ${offeredType} of this conversation`);
    throw refuse(messageType === 'ChoicesResponseMessage' ? 'choicesResponse' : 'formResponse', `no ${offeredType} was offered in this conversation to answer`);
  }
  if (messageType === 'FormResponseMessage') {
    const problem = offered.message.form && checkFormAnswers(offered.message.form, message.content.formResponse ?? {}, offered.identifier);
    if (problem) throw refuse(`formResponse.${problem.field}`, problem.why);
    return;
  }
  const options = offered.message.choices?.optionItems.map((o) => o.optionIdentifier) ?? [];
  const selected = (message.content.choicesResponse?.selectedOptions ?? []) as Array<{ optionIdentifier: string }>;
  selected.forEach((s, i) => {
    if (!options.includes(s.optionIdentifier)) throw refuse(`choicesResponse.selectedOptions.${i}.optionIdentifier`, `${s.optionIdentifier} is not an option of ChoicesMessage ${offered.identifier} (offered: ${options.join(', ')})`);
  });
}

/** The end user starts or stops typing (stream-only: never kept in the transcript). */
export function endUserTyping(deps: ConversationDeps, conversation: Conversation, caller: EndUser, entryType: 'TypingStartedIndicator' | 'TypingStoppedIndicator', id?: string): void {
  recordEntry(deps, conversation, { entryType, identifier: id, sender: endUserParticipant(caller.subject, caller.clientId), senderDisplayName: conversation.endUserDisplayName, persist: false });
}

/**
 * The end user acknowledges entries as delivered or read: kept for the rep's side, not echoed to
 * the end user's own stream; an entry already acknowledged the same way is not again (`newAcks`).
 */
export function endUserAcknowledges(deps: ConversationDeps, conversation: Conversation, caller: EndUser, acks: readonly AckRequest[]): void {
  for (const ack of newAcks(deps.store.conversations, conversation, 'EndUser', acks)) {
    recordEntry(deps, conversation, {
      entryType: ackEntryType(ack),
      identifier: ack.id,
      acknowledgedAt: deps.clock.now(),
      sender: endUserParticipant(caller.subject, caller.clientId),
      senderDisplayName: conversation.endUserDisplayName,
      relatedRecords: [ack.conversationEntryId],
      stream: false,
    });
  }
}
