import type { SimContext } from '../../server/context.ts';
import { newUuid } from '../../shared/ids.ts';
import { eventNameFor, toSseData } from '../../serialize/entries.ts';
import type { Conversation, Entry, Participant } from '../../store/types.ts';
import { asSender } from './participants.ts';

export interface EntryDraft {
  entryType: string;
  identifier?: string;
  /** Payload fields besides `entryType` and `id`, which are filled in. */
  payload?: Record<string, unknown>;
  sender: Participant;
  senderDisplayName: string;
  clientTimestamp?: number;
  relatedRecords?: string[];
  /** Keep it in the transcript (`GET .../entries`)? Typing indicators are stream-only. */
  persist?: boolean;
  /** Push it to the end user's streams? Acks the end user sends are not echoed back. */
  stream?: boolean;
}

/**
 * The one way an entry comes into being: stored on the conversation (unless stream-only) and pushed,
 * through the same serializer, to every open stream of the conversation's end user.
 */
export function recordEntry(ctx: SimContext, conversation: Conversation, draft: EntryDraft): Entry {
  const identifier = draft.identifier ?? newUuid();
  const now = ctx.clock.now();
  const entry: Entry = {
    identifier,
    conversationId: conversation.id,
    entryType: draft.entryType,
    payload: { entryType: draft.entryType, id: identifier, ...draft.payload },
    sender: asSender(draft.sender),
    senderDisplayName: draft.senderDisplayName,
    transcriptedTimestamp: now,
    clientTimestamp: draft.clientTimestamp ?? now,
    clientDuration: 0,
    relatedRecords: draft.relatedRecords ?? [],
  };
  if (draft.persist !== false) ctx.store.conversations.appendEntry(conversation, entry);
  const event = draft.stream === false ? undefined : eventNameFor(entry.entryType);
  if (event) {
    const deployment = ctx.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    const stored = ctx.store.events.append({
      subject: conversation.subject,
      conversationId: conversation.id,
      event,
      data: toSseData(conversation, deployment?.channelAddressIdentifier ?? '', entry),
    });
    ctx.hub.publish(stored);
  }
  ctx.live.publish({ type: 'entry', conversationId: conversation.id, entryType: entry.entryType, senderRole: entry.sender.role });
  return entry;
}
