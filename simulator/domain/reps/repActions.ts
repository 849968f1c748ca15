import type { SimContext } from '../../server/context.ts';
import { conflict } from '../../shared/errors.ts';
import type { Conversation, Entry } from '../../store/types.ts';
import { repParticipant, type RepIdentity } from '../conversations/participants.ts';
import { recordEntry } from '../conversations/recordEntry.ts';
import { activeSession, repJoins, transferSession } from '../conversations/sessions.ts';

/** What a rep in the Salesforce console can do to a conversation, producing the same entries and events. */

function requireSession(conversation: Conversation): void {
  if (conversation.status === 'CLOSED') throw conflict('CONVERSATION_CLOSED', `Conversation ${conversation.id} is closed.`);
  if (!activeSession(conversation)) {
    throw conflict('NO_ACTIVE_SESSION', `Conversation ${conversation.id} has no active messaging session; the end user must write again (isNewMessagingSession) to start one.`);
  }
}

/** The rep accepts the work (taking it from the queue, or from the rep it was offered to) and joins. */
export function repAccepts(ctx: SimContext, conversation: Conversation, rep: RepIdentity): void {
  requireSession(conversation);
  ctx.routing.claim(conversation, rep);
  repJoins(ctx, conversation, rep);
}

/** The rep says something; a rep who has not joined yet accepts the work first. */
export function repSays(ctx: SimContext, conversation: Conversation, rep: RepIdentity, text: string): Entry {
  repAccepts(ctx, conversation, rep);
  return recordEntry(ctx, conversation, {
    entryType: 'Message',
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    payload: {
      abstractMessage: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text }, inReplyToMessageId: null, references: [] },
      messageReason: null,
    },
  });
}

export function repTyping(ctx: SimContext, conversation: Conversation, rep: RepIdentity, typing: boolean): void {
  requireSession(conversation);
  recordEntry(ctx, conversation, {
    entryType: typing ? 'TypingStartedIndicator' : 'TypingStoppedIndicator',
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    persist: false,
  });
}

/** Transfer the work to another queue: the reps leave and routing offers it again there. */
export function repTransfers(ctx: SimContext, conversation: Conversation, queue: string): void {
  requireSession(conversation);
  ctx.routing.releaseForTransfer(conversation, queue);
  transferSession(ctx, conversation, queue);
}
