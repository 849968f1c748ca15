import { describe, expect, it } from 'vitest';
import type { ConversationChange } from '../../simulator/domain/conversations/changes.ts';
import { ROUTER, SYSTEM, endUserParticipant, repParticipant } from '../../simulator/domain/conversations/participants.ts';
import { recordEntry, type EntryDraft } from '../../simulator/domain/conversations/recordEntry.ts';
import { entryPayload, toRestEntry, toSseData } from '../../simulator/serialize/entries.ts';
import { copyFields } from '../../simulator/shared/ownValue.ts';
import type { Conversation, Entry } from '../../simulator/store/types.ts';

/**
 * Entries are built and serialized without object spreads (they are on every request's way); the
 * bytes must stay what the spreads wrote. The oracles below are the spread-based code as it was,
 * kept here to compare against, entry type by entry type, field order included.
 */

function oracleRecord(conversation: Conversation, draft: EntryDraft, identifier: string, now: number): Entry {
  const { identifier: _id, sender, senderDisplayName, clientTimestamp, relatedRecords, persist: _persist, stream: _stream, ...content } = draft;
  return {
    ...content,
    identifier,
    conversationId: conversation.id,
    sender: { role: sender.role, appType: sender.appType, subject: sender.subject, clientIdentifier: sender.clientIdentifier },
    senderDisplayName,
    transcriptedTimestamp: now,
    clientTimestamp: clientTimestamp ?? now,
    clientDuration: 0,
    relatedRecords: relatedRecords ?? [],
  } as Entry;
}

function oraclePayload(entry: Entry): Record<string, unknown> {
  const head = { entryType: entry.entryType, id: entry.identifier };
  switch (entry.entryType) {
    case 'Message':
      return { ...head, abstractMessage: { ...entry.message, id: entry.identifier, inReplyToMessageId: entry.inReplyToMessageId, references: [] }, messageReason: null };
    case 'RoutingResult': {
      const r = entry.routing;
      return {
        ...head,
        recordId: r.sessionId,
        routingType: r.routingType,
        failureType: r.failureReason ? 'RoutingError' : 'None',
        failureReason: r.failureReason ?? null,
        errorMessages: r.failureReason ? [r.failureReason] : [],
        pendingServiceRoutingId: r.pendingServiceRoutingId,
        estimatedWaitTime: { estimatedWaitTimeInSeconds: r.estimatedWaitSeconds ?? null, isEWTRequested: r.estimatedWaitSeconds !== undefined },
        routingConfigurationDetails: { routingConfigurationType: 'Omni-Channel Flow', queueId: r.queueId },
        isExternallyRouted: false,
        cancelReason: null,
        skipRouterCPRemovalIfNoRoutingFailures: false,
        workOwnerId: null,
      };
    }
    case 'ParticipantChanged':
      return { ...head, entries: entry.changes.map((c) => ({ operation: c.operation, menuMetadata: null, displayName: c.displayName, participant: c.participant })) };
    case 'SessionStatusChanged':
      return { ...head, sessionId: entry.sessionId, sessionStatus: entry.sessionStatus };
    case 'DeliveryAcknowledgement':
    case 'ReadAcknowledgement':
      return { ...head, acknowledgementTimestamp: entry.acknowledgedAt };
    case 'CloseConversation':
      return { ...head, conversationIdentifier: entry.conversationId };
    case 'ProgressIndicator':
      return { ...head, progressIndicator: entry.progressIndicator };
    case 'StreamingToken':
      return { ...head, streamingToken: entry.streamingToken };
    case 'TypingStartedIndicator':
    case 'TypingStoppedIndicator':
      return head;
  }
}

const oracleEnvelope = (entry: Entry) => ({
  identifier: entry.identifier,
  entryType: entry.entryType,
  sender: entry.sender,
  senderDisplayName: entry.senderDisplayName,
  transcriptedTimestamp: entry.transcriptedTimestamp,
  clientTimestamp: entry.clientTimestamp,
  clientDuration: entry.clientDuration,
  relatedRecords: entry.relatedRecords,
});

const oracleSseData = (conversation: Conversation, channel: string, entry: Entry) =>
  JSON.stringify({
    channelPlatformKey: conversation.subject.slice(conversation.subject.lastIndexOf('uid:') + 4) || conversation.subject,
    channelType: 'embedded_messaging',
    channelAddressIdentifier: channel,
    conversationId: conversation.id,
    conversationEntry: { ...oracleEnvelope(entry), entryPayload: JSON.stringify(oraclePayload(entry)), contextParamMap: {} },
  });

const conversation = { id: 'c0ffee00-0000-4000-8000-00000000c0de', subject: 'v2/iamessage/AUTH/Sim_Keyset/uid:ada' } as Conversation;
const endUser = endUserParticipant(conversation.subject, 'v1/Sim_Web/client-1');
const rep = repParticipant({ userId: '005SIM000000001AAA', displayName: 'Sim Rep' });
const bot = repParticipant({ userId: '0XxSIM000000001', displayName: 'Bot', bot: true });

/** One draft of every entry type, and the odd shapes a spread treats in its own way. */
const drafts: Array<[string, EntryDraft]> = [
  ['text message', { entryType: 'Message', sender: endUser, senderDisplayName: 'Ada', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hi "there"\n' } }, inReplyToMessageId: null, clientTimestamp: 1_700_000_000_123 }],
  ['message with its id first', { identifier: 'm-1', entryType: 'Message', sender: endUser, senderDisplayName: 'Ada', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'x' } }, inReplyToMessageId: 'm-0' }],
  [
    'choices message',
    {
      entryType: 'Message',
      sender: rep,
      senderDisplayName: 'Sim Rep',
      message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick', optionItems: [{ itemType: 'TitleOptionItem', titleItem: { itemType: 'TitleItem', title: 'A', subTitle: null, secondarySubTitle: null, tertiarySubTitle: null, referenceId: null }, optionIdentifier: 'a', optionId: null }] } },
      inReplyToMessageId: null,
      relatedRecords: ['r-1'],
    },
  ],
  [
    'message whose own fields include id, inReplyToMessageId and __proto__',
    {
      entryType: 'Message',
      sender: endUser,
      senderDisplayName: 'Ada',
      message: JSON.parse('{"id":"own-id","messageType":"FormResponseMessage","__proto__":{"polluted":true},"inReplyToMessageId":"own-reply","formResponse":{"a":1}}'),
      inReplyToMessageId: 'm-9',
    },
  ],
  ['routing result', { entryType: 'RoutingResult', sender: ROUTER, senderDisplayName: ROUTER.displayName, routing: { sessionId: '0MwA', routingType: 'Initial', queueId: '00GA', pendingServiceRoutingId: '0JRA' } }],
  ['failed routing with an estimate', { entryType: 'RoutingResult', sender: ROUTER, senderDisplayName: ROUTER.displayName, routing: { sessionId: '0MwB', routingType: 'Transfer', queueId: '00GB', failureReason: 'After hours', pendingServiceRoutingId: '0JRB', estimatedWaitSeconds: 0 } }],
  ['participant changed', { entryType: 'ParticipantChanged', sender: ROUTER, senderDisplayName: ROUTER.displayName, changes: [{ operation: 'add', displayName: 'Bot', participant: bot }] }],
  ['session status', { entryType: 'SessionStatusChanged', sender: SYSTEM, senderDisplayName: SYSTEM.displayName, sessionId: '0MwC', sessionStatus: 'Ended' }],
  ['typing started (stream only)', { entryType: 'TypingStartedIndicator', sender: endUser, senderDisplayName: 'Ada', persist: false }],
  ['typing stopped', { entryType: 'TypingStoppedIndicator', sender: rep, senderDisplayName: 'Sim Rep', persist: false }],
  ['delivery receipt (not streamed)', { entryType: 'DeliveryAcknowledgement', sender: endUser, senderDisplayName: 'Ada', acknowledgedAt: 5, relatedRecords: ['m-1'], stream: false }],
  ['read receipt', { entryType: 'ReadAcknowledgement', sender: rep, senderDisplayName: 'Sim Rep', acknowledgedAt: 6, relatedRecords: ['m-1'] }],
  ['close', { entryType: 'CloseConversation', sender: SYSTEM, senderDisplayName: SYSTEM.displayName }],
  ['progress', { entryType: 'ProgressIndicator', sender: bot, senderDisplayName: 'Bot', progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Thinking' } } }],
  ['streaming token', { entryType: 'StreamingToken', sender: bot, senderDisplayName: 'Bot', streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: 1, timestamp: 7, targetMessageIdentifier: 't-1', token: { formatType: 'Text', text: 'He' } } }],
];

function recorded(draft: EntryDraft) {
  const stored: Entry[] = [];
  const changes: ConversationChange[] = [];
  const deps = {
    store: { conversations: { appendEntry: (_c: Conversation, e: Entry) => void stored.push(e) } },
    clock: { now: () => 1_800_000_000_000 },
    publish: (change: ConversationChange) => void changes.push(change),
  } as unknown as Parameters<typeof recordEntry>[0];
  const entry = recordEntry(deps, conversation, draft);
  return { entry, stored, changes };
}

describe('entries: built and serialized byte for byte as before', () => {
  it.each(drafts)('%s: the recorded entry has the same fields in the same order', (_name, draft) => {
    const { entry, stored, changes } = recorded(draft);
    const expected = oracleRecord(conversation, draft, entry.identifier, 1_800_000_000_000);
    expect(JSON.stringify(entry)).toBe(JSON.stringify(expected));
    expect(Object.keys(entry)).toEqual(Object.keys(expected));
    expect(stored).toEqual(draft.persist === false ? [] : [entry]);
    expect(changes).toEqual([{ type: 'entry', conversation, entry, stream: draft.stream !== false }]);
  });

  it.each(drafts)('%s: payload, REST entry and SSE data are the bytes the spreads wrote', (_name, draft) => {
    const { entry } = recorded(draft);
    expect(JSON.stringify(entryPayload(entry))).toBe(JSON.stringify(oraclePayload(entry)));
    expect(JSON.stringify(toRestEntry(entry))).toBe(JSON.stringify({ ...oracleEnvelope(entry), entryPayload: oraclePayload(entry) }));
    expect(toSseData(conversation, 'c0ffee00-5151-4a11-8000-000000000001', entry)).toBe(oracleSseData(conversation, 'c0ffee00-5151-4a11-8000-000000000001', entry));
  });

  it('gives a draft without an identifier a fresh one, and keeps a given one', () => {
    const [a, b] = [recorded(drafts[0]![1]).entry, recorded(drafts[0]![1]).entry];
    expect(a.identifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.identifier).not.toBe(b.identifier);
    expect(recorded(drafts[1]![1]).entry.identifier).toBe('m-1');
  });

  it('a message\'s own __proto__ field stays a field of its payload, never its prototype', () => {
    const { entry } = recorded(drafts[3]![1]);
    const message = entryPayload(entry).abstractMessage as Record<string, unknown>;
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(Object.keys(message)).toEqual(['id', 'messageType', '__proto__', 'inReplyToMessageId', 'formResponse', 'references']);
    expect([message.id, message.inReplyToMessageId]).toEqual([entry.identifier, 'm-9']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('copyFields', () => {
  it('copies own enumerable fields in order, leaves out what it is told to skip and what is inherited', () => {
    const source = Object.assign(Object.create({ inherited: 1 }), { b: 1, a: 2, skip: 3 });
    const target = copyFields<Record<string, unknown>>({ first: 0 }, source, new Set(['skip']));
    expect(Object.keys(target)).toEqual(['first', 'b', 'a']);
  });
});
