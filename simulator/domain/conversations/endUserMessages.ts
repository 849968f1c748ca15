import type { AccessSession } from '../../auth/accessToken.ts';
import type { SimContext } from '../../server/context.ts';
import { MiawApiError } from '../../shared/errors.ts';
import type { Conversation, Entry } from '../../store/types.ts';
import { endUserParticipant } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { checkRoutingAttributes } from './routingAttributes.ts';
import { activeSession, startSession } from './sessions.ts';

export interface EndUserMessage {
  id: string;
  /** The abstractMessage fields besides `id` (messageType, staticContent, choicesResponse, ...). */
  content: Record<string, unknown>;
  inReplyToMessageId?: string;
  clientTimestamp?: number;
  isNewMessagingSession?: boolean;
  routingAttributes?: Record<string, string>;
}

/**
 * An end user's message: a retry of the same `message.id` is a no-op that answers the same; with no
 * active messaging session it is 417 unless `isNewMessagingSession` starts one (and re-routes).
 */
export function sendEndUserMessage(ctx: SimContext, conversation: Conversation, caller: AccessSession, message: EndUserMessage): Entry {
  const existing = ctx.store.conversations.findEntry(conversation, message.id);
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
    const deployment = ctx.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    const attributes = deployment ? checkRoutingAttributes(deployment, message.routingAttributes ?? {}) : {};
    startSession(ctx, conversation, attributes);
  }
  const entry = recordEntry(ctx, conversation, {
    entryType: 'Message',
    identifier: message.id,
    sender: endUserParticipant(caller.subject, caller.clientId),
    senderDisplayName: conversation.endUserDisplayName,
    clientTimestamp: message.clientTimestamp,
    payload: {
      abstractMessage: {
        ...message.content,
        id: message.id,
        inReplyToMessageId: message.inReplyToMessageId ?? null,
        references: [],
      },
      messageReason: null,
    },
  });
  ctx.routing.endUserMessage(conversation, entry);
  return entry;
}
