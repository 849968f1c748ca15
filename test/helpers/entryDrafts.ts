import type { EntryDraft } from '../../simulator/domain/conversations/recordEntry.ts';
import { ROUTER, SYSTEM, endUserParticipant, repParticipant } from '../../simulator/domain/conversations/participants.ts';
import type { Conversation } from '../../simulator/store/types.ts';

/**
 * One entry draft of every type, and the odd shapes a spread treats in its own way, each with a fixed
 * identifier: test/simulator/entrySerialization.test.ts records and serializes them and compares the
 * bytes with test/simulator/entrySerialization.golden.json (written by the code before the spreads went).
 */
export const conversation = { id: 'c0ffee00-0000-4000-8000-00000000c0de', subject: 'v2/iamessage/AUTH/Sim_Keyset/uid:ada' } as Conversation;
const endUser = endUserParticipant(conversation.subject, 'v1/Sim_Web/client-1');
const rep = repParticipant({ userId: '005SIM000000001AAA', displayName: 'Sim Rep' });
const bot = repParticipant({ userId: '0XxSIM000000001', displayName: 'Bot', bot: true });

/** One draft of every entry type, and the odd shapes a spread treats in its own way. */
export const drafts: Array<[string, EntryDraft]> = [
  ['text message, its identifier last', { entryType: 'Message', sender: endUser, senderDisplayName: 'Ada', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hi "there"\n' } }, inReplyToMessageId: null, clientTimestamp: 1_700_000_000_123, identifier: 'e-01' }],
  ['message, its identifier first', { identifier: 'm-1', entryType: 'Message', sender: endUser, senderDisplayName: 'Ada', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'x' } }, inReplyToMessageId: 'm-0' }],
  [
    'choices message',
    {
      identifier: 'e-02',
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
      identifier: 'e-03',
      entryType: 'Message',
      sender: endUser,
      senderDisplayName: 'Ada',
      message: JSON.parse('{"id":"own-id","messageType":"FormResponseMessage","__proto__":{"polluted":true},"inReplyToMessageId":"own-reply","formResponse":{"a":1}}'),
      inReplyToMessageId: 'm-9',
    },
  ],
  ['routing result', { identifier: 'e-04', entryType: 'RoutingResult', sender: ROUTER, senderDisplayName: ROUTER.displayName, routing: { sessionId: '0MwA', routingType: 'Initial', queueId: '00GA', pendingServiceRoutingId: '0JRA' } }],
  ['failed routing with an estimate', { identifier: 'e-05', entryType: 'RoutingResult', sender: ROUTER, senderDisplayName: ROUTER.displayName, routing: { sessionId: '0MwB', routingType: 'Transfer', queueId: '00GB', failureReason: 'After hours', pendingServiceRoutingId: '0JRB', estimatedWaitSeconds: 0 } }],
  ['participant changed', { identifier: 'e-06', entryType: 'ParticipantChanged', sender: ROUTER, senderDisplayName: ROUTER.displayName, changes: [{ operation: 'add', displayName: 'Bot', participant: bot }] }],
  ['session status', { identifier: 'e-07', entryType: 'SessionStatusChanged', sender: SYSTEM, senderDisplayName: SYSTEM.displayName, sessionId: '0MwC', sessionStatus: 'Ended' }],
  ['typing started (stream only)', { identifier: 'e-08', entryType: 'TypingStartedIndicator', sender: endUser, senderDisplayName: 'Ada', persist: false }],
  ['typing stopped', { identifier: 'e-09', entryType: 'TypingStoppedIndicator', sender: rep, senderDisplayName: 'Sim Rep', persist: false }],
  ['delivery receipt (not streamed)', { identifier: 'e-10', entryType: 'DeliveryAcknowledgement', sender: endUser, senderDisplayName: 'Ada', acknowledgedAt: 5, relatedRecords: ['m-1'], stream: false }],
  ['read receipt', { identifier: 'e-11', entryType: 'ReadAcknowledgement', sender: rep, senderDisplayName: 'Sim Rep', acknowledgedAt: 6, relatedRecords: ['m-1'] }],
  ['close', { identifier: 'e-12', entryType: 'CloseConversation', sender: SYSTEM, senderDisplayName: SYSTEM.displayName }],
  ['progress', { identifier: 'e-13', entryType: 'ProgressIndicator', sender: bot, senderDisplayName: 'Bot', progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Thinking' } } }],
  ['streaming token', { identifier: 'e-14', entryType: 'StreamingToken', sender: bot, senderDisplayName: 'Bot', streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: 1, timestamp: 7, targetMessageIdentifier: 't-1', token: { formatType: 'Text', text: 'He' } } }],
];

/** The clock every draft is recorded at. */
export const RECORDED_AT = 1_800_000_000_000;
