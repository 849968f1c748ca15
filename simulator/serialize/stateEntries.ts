import { z } from 'zod';
import type { Conversation, Entry, EntryContent } from '../store/types.ts';
import { HttpUrl, ImageLink, staticContentLinks } from '../shared/httpUrl.ts';
import { ownRecord } from '../shared/ownValue.ts';
import { entryPayload } from './entries.ts';

/**
 * Conversations as a state export writes them: each entry with its MIAW `payload` (what a reader
 * of the export expects to see), and back again for `--import`, where the payload is checked and
 * turned into the entry's typed fields. This is the only place a payload is read.
 */

/** An entry as the state export writes it. */
export interface ExportedEntry {
  identifier: string;
  conversationId: string;
  entryType: string;
  payload: Record<string, unknown>;
  sender: Entry['sender'];
  senderDisplayName: string;
  transcriptedTimestamp: number;
  clientTimestamp: number;
  clientDuration: number;
  relatedRecords: string[];
}

export type ExportedConversation = Omit<Conversation, 'entries'> & { entries: ExportedEntry[] };

export function exportEntry(entry: Entry): ExportedEntry {
  return {
    identifier: entry.identifier,
    conversationId: entry.conversationId,
    entryType: entry.entryType,
    payload: entryPayload(entry),
    sender: entry.sender,
    senderDisplayName: entry.senderDisplayName,
    transcriptedTimestamp: entry.transcriptedTimestamp,
    clientTimestamp: entry.clientTimestamp,
    clientDuration: entry.clientDuration,
    relatedRecords: entry.relatedRecords,
  };
}

export const exportConversation = (c: Conversation): ExportedConversation => ({ ...c, entries: c.entries.map(exportEntry) });

const participant = z.object({ role: z.enum(['EndUser', 'Agent', 'Chatbot', 'System', 'Router', 'Supervisor']), appType: z.string(), subject: z.string(), clientIdentifier: z.string() });
// A link a message carries is http(s), as it had to be when sent: a state file edited by hand must not bring back a `javascript:` one.
const attachment = z.object({ id: z.string(), name: z.string(), mimeType: z.string(), size: z.number().optional(), url: HttpUrl.optional() }).catchall(z.unknown());
const titleItem = z.object({ itemType: z.literal('TitleItem'), title: z.string(), subTitle: z.string().nullable(), secondarySubTitle: z.string().nullable(), tertiarySubTitle: z.string().nullable(), referenceId: z.string().nullable() }).catchall(z.unknown());
const optionItem = z.object({ itemType: z.string(), titleItem, optionIdentifier: z.string(), optionId: z.string().nullable(), image: ImageLink.optional() }).catchall(z.unknown());
const message = z.object({
  messageType: z.enum(['StaticContentMessage', 'ChoicesMessage', 'FormMessage', 'ChoicesResponseMessage', 'FormResponseMessage']),
  staticContent: z
    .object({
      formatType: z.string(),
      text: z.string().optional(),
      attachments: z.array(attachment).optional(),
      ...staticContentLinks,
    })
    .catchall(z.unknown())
    .optional(),
  choices: z.object({ formatType: z.enum(['Buttons', 'QuickReplies', 'Carousel']), text: z.string().optional(), optionItems: z.array(optionItem) }).catchall(z.unknown()).optional(),
  form: z.object({ formatType: z.literal('Inputs') }).catchall(z.unknown()).optional(),
  choicesResponse: z.object({ formatType: z.string() }).catchall(z.unknown()).optional(),
  formResponse: ownRecord(z.unknown()).optional(),
  inReplyToMessageId: z.string().nullable().optional(),
});

/** Each entry type's payload, read into the entry's typed fields. */
const Payload = z.discriminatedUnion('entryType', [
  z.object({ entryType: z.literal('Message'), abstractMessage: message }).transform(({ abstractMessage: { inReplyToMessageId, ...m } }): EntryContent => ({ entryType: 'Message', message: stripUndefined(m), inReplyToMessageId: inReplyToMessageId ?? null })),
  z
    .object({ entryType: z.literal('RoutingResult'), recordId: z.string(), routingType: z.enum(['Initial', 'Transfer']), failureReason: z.string().nullable(), pendingServiceRoutingId: z.string(), routingConfigurationDetails: z.object({ queueId: z.string() }) })
    .transform((p): EntryContent => ({ entryType: 'RoutingResult', routing: { sessionId: p.recordId, routingType: p.routingType, queueId: p.routingConfigurationDetails.queueId, pendingServiceRoutingId: p.pendingServiceRoutingId, ...(p.failureReason ? { failureReason: p.failureReason } : {}) } })),
  z
    .object({ entryType: z.literal('ParticipantChanged'), entries: z.array(z.object({ operation: z.enum(['add', 'remove']), displayName: z.string(), participant })) })
    .transform((p): EntryContent => ({ entryType: 'ParticipantChanged', changes: p.entries.map(({ operation, displayName, participant }) => ({ operation, displayName, participant })) })),
  z.object({ entryType: z.literal('SessionStatusChanged'), sessionId: z.string(), sessionStatus: z.enum(['Ended', 'Inactive', 'Waiting']) }).transform((p): EntryContent => ({ entryType: 'SessionStatusChanged', sessionId: p.sessionId, sessionStatus: p.sessionStatus })),
  z.object({ entryType: z.literal('DeliveryAcknowledgement'), acknowledgementTimestamp: z.number() }).transform((p): EntryContent => ({ entryType: 'DeliveryAcknowledgement', acknowledgedAt: p.acknowledgementTimestamp })),
  z.object({ entryType: z.literal('ReadAcknowledgement'), acknowledgementTimestamp: z.number() }).transform((p): EntryContent => ({ entryType: 'ReadAcknowledgement', acknowledgedAt: p.acknowledgementTimestamp })),
  z.object({ entryType: z.literal('CloseConversation') }).transform((): EntryContent => ({ entryType: 'CloseConversation' })),
  z.object({ entryType: z.literal('TypingStartedIndicator') }).transform((): EntryContent => ({ entryType: 'TypingStartedIndicator' })),
  z.object({ entryType: z.literal('TypingStoppedIndicator') }).transform((): EntryContent => ({ entryType: 'TypingStoppedIndicator' })),
]);

/** An exported entry, checked: its envelope and its payload (the error's path names the field). */
export const ImportedEntry = z
  .object({
    identifier: z.string(),
    conversationId: z.string(),
    payload: Payload,
    sender: participant,
    senderDisplayName: z.string(),
    transcriptedTimestamp: z.number(),
    clientTimestamp: z.number(),
    clientDuration: z.number(),
    relatedRecords: z.array(z.string()),
  })
  .transform(({ payload, ...envelope }): Entry => ({ ...envelope, ...payload }) as Entry);

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
