import { newUuid } from '../../shared/ids.ts';
import type { Conversation, Entry, EntryContent, Participant } from '../../store/types.ts';
import type { ConversationDeps } from './changes.ts';
import { asSender } from './participants.ts';

/** An entry about to be recorded: its typed content plus who sent it. */
export type EntryDraft = EntryContent & {
  identifier?: string;
  sender: Participant;
  senderDisplayName: string;
  clientTimestamp?: number;
  relatedRecords?: string[];
  /** Keep it in the transcript (`GET .../entries`)? Typing indicators are stream-only. */
  persist?: boolean;
  /** Push it to the end user's streams? Acks the end user sends are not echoed back. */
  stream?: boolean;
};

/**
 * The one way an entry comes into being: stored on the conversation (unless stream-only), then
 * announced as an `entry` change (the event stream and the live feed follow it).
 */
export function recordEntry(deps: ConversationDeps, conversation: Conversation, draft: EntryDraft): Entry {
  const { identifier = newUuid(), sender, senderDisplayName, clientTimestamp, relatedRecords, persist, stream, ...content } = draft;
  const now = deps.clock.now();
  // The same object as `{ ...content, identifier, ... }` (keys in that order), built by assigning to
  // the copy the destructuring made: node 20's V8 gives every object a spread literal with properties
  // after the spread makes a hidden class of its own (docs/performance.md, "Tails"), and entries are kept.
  const entry = content as Entry;
  entry.identifier = identifier;
  entry.conversationId = conversation.id;
  entry.sender = asSender(sender);
  entry.senderDisplayName = senderDisplayName;
  entry.transcriptedTimestamp = now;
  entry.clientTimestamp = clientTimestamp ?? now;
  entry.clientDuration = 0;
  entry.relatedRecords = relatedRecords ?? [];
  if (persist !== false) deps.store.conversations.appendEntry(conversation, entry);
  deps.publish({ type: 'entry', conversation, entry, stream: stream !== false });
  return entry;
}

/** The text of a message entry (empty for other entries and for content without text). */
export const textOf = (entry: Entry): string => (entry.entryType === 'Message' ? (entry.message.staticContent?.text ?? '') : '');
