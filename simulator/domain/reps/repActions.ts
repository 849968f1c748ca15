import { conflict } from '../../shared/errors.ts';
import type { Conversation, Entry } from '../../store/types.ts';
import type { ConversationDeps } from '../conversations/changes.ts';
import { repParticipant, type RepIdentity } from '../conversations/participants.ts';
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
  repAccepts(deps, conversation, rep);
  return recordEntry(deps.conversations, conversation, {
    entryType: 'Message',
    sender: repParticipant(rep),
    senderDisplayName: rep.displayName,
    message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } },
    inReplyToMessageId: null,
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
