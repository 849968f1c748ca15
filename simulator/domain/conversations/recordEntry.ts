import { newUuid } from '../../shared/ids.ts';
import { copyFields } from '../../shared/ownValue.ts';
import type { Conversation, Entry, EntryBase, EntryContent, Participant } from '../../store/types.ts';
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

/** The draft's fields that are not the entry's content (all of them: `satisfies` checks the list against `EntryDraft`). */
const DRAFT_ONLY: ReadonlySet<string> = new Set(
  Object.keys({
    identifier: true,
    sender: true,
    senderDisplayName: true,
    clientTimestamp: true,
    relatedRecords: true,
    persist: true,
    stream: true,
  } satisfies Record<Exclude<keyof EntryDraft, keyof EntryContent>, true>),
);

/**
 * The one way an entry comes into being: stored on the conversation (unless stream-only), then
 * announced as an `entry` change (the event stream and the live feed follow it).
 */
export function recordEntry(deps: ConversationDeps, conversation: Conversation, draft: EntryDraft): Entry {
  const now = deps.clock.now();
  const envelope: EntryBase = {
    identifier: draft.identifier === undefined ? newUuid() : draft.identifier,
    conversationId: conversation.id,
    sender: asSender(draft.sender),
    senderDisplayName: draft.senderDisplayName,
    transcriptedTimestamp: now,
    clientTimestamp: draft.clientTimestamp ?? now,
    clientDuration: 0,
    relatedRecords: draft.relatedRecords ?? [],
  };
  // The content's fields in the draft's order, then the envelope's: what `{ ...content, ...envelope }`
  // made, without spreading drafts (their shapes vary with the entry type: V8's slow path, every request).
  const entry = copyFields(copyFields({}, draft, DRAFT_ONLY), envelope) as unknown as Entry;
  if (draft.persist !== false) deps.store.conversations.appendEntry(conversation, entry);
  deps.publish({ type: 'entry', conversation, entry, stream: draft.stream !== false });
  return entry;
}

/** The text of a message entry (empty for other entries and for content without text). */
export const textOf = (entry: Entry): string => (entry.entryType === 'Message' ? (entry.message.staticContent?.text ?? '') : '');
