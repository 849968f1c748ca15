import { conflict } from '../../shared/errors.ts';
import type { Conversation, Entry } from '../../store/types.ts';
import type { ConversationStore } from '../../store/conversations.ts';

/** One acknowledgement as Acknowledge Entries takes it. */
export interface AckRequest {
  id?: string;
  entryType: 'Delivery' | 'Read';
  conversationEntryId: string;
}

const ENTRY_TYPE = { Delivery: 'DeliveryAcknowledgement', Read: 'ReadAcknowledgement' } as const;
export const ackEntryType = (ack: AckRequest) => ENTRY_TYPE[ack.entryType];
const isAck = (e: Entry) => e.entryType === 'DeliveryAcknowledgement' || e.entryType === 'ReadAcknowledgement';
const sideOf = (e: Entry) => (e.sender.role === 'EndUser' ? 'EndUser' : 'rep');

/**
 * The acks of a request that are new, in order. An entry is marked delivered (or read) once per
 * side: an ack of the same type for an entry this side already acknowledged, in an earlier request
 * or earlier in this one, is left out, and so is a repeated ack `id` naming the same ack (a retried
 * request whose answer was lost). An `id` already used by another entry, or twice in one request
 * for different acks, is a 409 naming it, before anything is recorded.
 */
export function newAcks(store: ConversationStore, conversation: Conversation, side: 'EndUser' | 'rep', acks: readonly AckRequest[]): AckRequest[] {
  const key = (entryType: string, entryId: string | undefined) => `${entryType}:${entryId}`;
  const done = new Set(conversation.entries.filter((e) => isAck(e) && sideOf(e) === side).map((e) => key(e.entryType, e.relatedRecords[0])));
  const idsInRequest = new Map<string, string>();
  acks.forEach((ack, i) => {
    if (!ack.id) return;
    const wanted = key(ackEntryType(ack), ack.conversationEntryId);
    const existing = store.findEntry(conversation, ack.id);
    const same = existing ? isAck(existing) && sideOf(existing) === side && key(existing.entryType, existing.relatedRecords[0]) === wanted : (idsInRequest.get(ack.id) ?? wanted) === wanted;
    if (!same) throw conflict('DUPLICATE_ENTRY_ID', `acks.${i}.id: ${ack.id} is already the id of another entry of conversation ${conversation.id} (or of another ack in this request); use a new UUID for each ack.`);
    idsInRequest.set(ack.id, wanted);
  });
  return acks.filter((ack) => {
    const k = key(ackEntryType(ack), ack.conversationEntryId);
    if (done.has(k)) return false;
    done.add(k);
    return true;
  });
}
