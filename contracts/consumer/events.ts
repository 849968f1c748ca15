import { MatchersV3, type Matcher } from '@pact-foundation/pact';
import type { RepEvent } from '../../client/types.ts';
import { EXAMPLE_CONVERSATION_ID } from './interactions.ts';
import { jsonTextRules, lowerUuid } from './matchers.ts';

const { integer, like } = MatchersV3;

/**
 * The event-stream payloads the handoff client consumes, as asynchronous messages: the SSE `data`
 * JSON of each event, with the SSE event name as the message's `event` metadata. Each one comes
 * with what the client's mapping must turn it into.
 */
export interface EventContract {
  description: string;
  event: string;
  content: Record<string, unknown>;
  /** Matching rules for `$.conversationEntry.entryPayload` (JSON text, so not matchable in `content`). */
  payloadRules: Array<Matcher<string>>;
  /** What `toRepEvents` makes of the example. */
  expected: RepEvent[];
}

const AT = 1767225600000;
const REP = { role: 'Agent', appType: 'agent', subject: '005SIM000000001AAA', clientIdentifier: 'agent-005SIM000000001AAA' };
const base = { conversationId: EXAMPLE_CONVERSATION_ID, at: AT };

const entry = (entryType: string, identifier: string, sender: Record<string, unknown>, senderDisplayName: string, entryPayload: string) => ({
  conversationId: lowerUuid(EXAMPLE_CONVERSATION_ID),
  conversationEntry: {
    identifier: lowerUuid(identifier),
    entryType,
    sender,
    senderDisplayName: like(senderDisplayName),
    transcriptedTimestamp: integer(AT),
    // A JSON *string* on the event stream (unlike the REST entries, where it is an object).
    entryPayload,
  },
});

const ids = {
  routing: '0a1b2c3d-0001-4000-8000-000000000001',
  joined: '0a1b2c3d-0002-4000-8000-000000000002',
  message: '0a1b2c3d-0003-4000-8000-000000000003',
  typing: '0a1b2c3d-0004-4000-8000-000000000004',
  left: '0a1b2c3d-0005-4000-8000-000000000005',
  ended: '0a1b2c3d-0006-4000-8000-000000000006',
  choices: '0a1b2c3d-0007-4000-8000-000000000007',
  option: '0a1b2c3d-0008-4000-8000-000000000008',
  delivered: '0a1b2c3d-0009-4000-8000-000000000009',
  read: '0a1b2c3d-000a-4000-8000-00000000000a',
  customerMessage: '0a1b2c3d-000b-4000-8000-00000000000b',
  progress: '0a1b2c3d-000c-4000-8000-00000000000c',
  token: '0a1b2c3d-000d-4000-8000-00000000000d',
  target: '0a1b2c3d-000e-4000-8000-00000000000e',
  validation: '0a1b2c3d-000f-4000-8000-00000000000f',
};

const json = (value: unknown) => JSON.stringify(value);
const participantChange = (id: string, operation: 'add' | 'remove') =>
  json({ entryType: 'ParticipantChanged', id, entries: [{ operation, menuMetadata: null, displayName: 'Sim Rep', participant: REP }] });
const participantRules = (id: string, operation: 'add' | 'remove') =>
  jsonTextRules(participantChange(id, operation), ['"entries":[', `"operation":"${operation}"`, '"displayName":"', '"role":"Agent"']);
const messagePayload = json({
  entryType: 'Message',
  id: ids.message,
  abstractMessage: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Hi, I am Sam from support' } },
  messageReason: null,
});
const routingPayload = json({ entryType: 'RoutingResult', id: ids.routing, routingType: 'Initial', failureType: 'None' });
const typingPayload = json({ entryType: 'TypingStartedIndicator', id: ids.typing });
const endedPayload = json({ entryType: 'SessionStatusChanged', id: ids.ended, sessionId: '0MwSIM000000001AAA', sessionStatus: 'Ended' });

const choicesPayload = json({
  entryType: 'Message',
  id: ids.choices,
  abstractMessage: {
    messageType: 'ChoicesMessage',
    choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ itemType: 'TitleOptionItem', titleItem: { itemType: 'TitleItem', title: 'Order', subTitle: null, secondarySubTitle: null, tertiarySubTitle: null, referenceId: null }, optionIdentifier: ids.option, optionId: null }] },
    id: ids.choices,
    inReplyToMessageId: null,
    references: [],
  },
  messageReason: null,
});
const ackPayload = (entryType: string, id: string) => json({ entryType, id, acknowledgementTimestamp: AT });
/** An acknowledgement: its envelope names the acknowledged entry in `relatedRecords`. */
const ack = (entryType: string, id: string) => {
  const content = entry(entryType, id, { role: 'Agent' }, 'Sim Rep', ackPayload(entryType, id));
  return { ...content, conversationEntry: { ...content.conversationEntry, relatedRecords: [lowerUuid(ids.customerMessage)] } };
};
const progressPayload = json({ entryType: 'ProgressIndicator', id: ids.progress, progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Looking up your order' } } });
const tokenPayload = json({ entryType: 'StreamingToken', id: ids.token, streamingToken: { tokenType: 'MessageStreamingToken', sequenceNumber: 1, timestamp: AT, targetMessageIdentifier: ids.target, token: { formatType: 'Text', text: 'Your order ' } } });
const validationPayload = json({ entryType: 'StreamingToken', id: ids.validation, streamingToken: { tokenType: 'StreamingTokenValidation', sequenceNumber: 1, timestamp: AT, targetMessageIdentifier: ids.target } });

/** Rich messages, receipts and AI-agent events (#15): the client must take them without failing. */
const RICH_EVENT_CONTRACTS: EventContract[] = [
  {
    description: 'a CONVERSATION_MESSAGE event with a ChoicesMessage (Buttons) from the rep',
    event: 'CONVERSATION_MESSAGE',
    content: entry('Message', ids.choices, { role: 'Agent' }, 'Sim Rep', choicesPayload),
    payloadRules: jsonTextRules(choicesPayload, ['"messageType":"ChoicesMessage"', '"formatType":"Buttons"', '"optionItems":[', '"optionIdentifier":"']),
    expected: [
      {
        ...base,
        type: 'message',
        entryId: ids.choices,
        text: 'Pick one\n1) Order',
        content: { kind: 'choices', format: 'Buttons', text: 'Pick one', options: [{ id: ids.option, title: 'Order' }] },
        rendered: { channel: 'web', format: 'buttons', text: 'Pick one\n1) Order', options: [{ id: ids.option, title: 'Order' }], acceptsTypedAnswer: false },
        senderName: 'Sim Rep',
        senderRole: 'Agent',
      },
    ],
  },
  {
    description: "a CONVERSATION_DELIVERY_ACKNOWLEDGEMENT event when the rep side receives the customer's message",
    event: 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT',
    content: ack('DeliveryAcknowledgement', ids.delivered),
    payloadRules: jsonTextRules(ackPayload('DeliveryAcknowledgement', ids.delivered), ['"entryType":"DeliveryAcknowledgement"', '"acknowledgementTimestamp":']),
    expected: [{ ...base, type: 'receipt', receipt: 'delivered', entryId: ids.customerMessage, senderName: 'Sim Rep' }],
  },
  {
    description: "a CONVERSATION_READ_ACKNOWLEDGEMENT event when the rep reads the customer's message",
    event: 'CONVERSATION_READ_ACKNOWLEDGEMENT',
    content: ack('ReadAcknowledgement', ids.read),
    payloadRules: jsonTextRules(ackPayload('ReadAcknowledgement', ids.read), ['"entryType":"ReadAcknowledgement"', '"acknowledgementTimestamp":']),
    expected: [{ ...base, type: 'receipt', receipt: 'read', entryId: ids.customerMessage, senderName: 'Sim Rep' }],
  },
  {
    description: 'a CONVERSATION_PROGRESS_INDICATOR event while an AI agent works',
    event: 'CONVERSATION_PROGRESS_INDICATOR',
    content: entry('ProgressIndicator', ids.progress, { role: like('Agent') }, 'Sim Rep', progressPayload),
    payloadRules: jsonTextRules(progressPayload, ['"entryType":"ProgressIndicator"', '"indicatorType":"ProgressUpdateIndicator"', '"progressMessage":{', '"formatType":"Text"']),
    expected: [{ ...base, type: 'progress', text: 'Looking up your order', indicatorType: 'ProgressUpdateIndicator', senderName: 'Sim Rep', senderRole: 'Agent' }],
  },
  {
    description: 'a CONVERSATION_STREAMING_TOKEN event with the first token of a streamed reply',
    event: 'CONVERSATION_STREAMING_TOKEN',
    content: entry('StreamingToken', ids.token, { role: like('Agent') }, 'Sim Rep', tokenPayload),
    payloadRules: jsonTextRules(tokenPayload, ['"tokenType":"MessageStreamingToken"', '"sequenceNumber":1', '"targetMessageIdentifier":"', '"token":{']),
    // A token is no event by itself: the stream assembles tokens into partial replies for sinks that want them.
    expected: [],
  },
  {
    description: 'a CONVERSATION_STREAMING_TOKEN event with the validation signal that withdraws a streamed reply',
    event: 'CONVERSATION_STREAMING_TOKEN',
    content: entry('StreamingToken', ids.validation, { role: like('Agent') }, 'Sim Rep', validationPayload),
    payloadRules: jsonTextRules(validationPayload, ['"tokenType":"StreamingTokenValidation"', '"targetMessageIdentifier":"']),
    expected: [],
  },
];

export const EVENT_CONTRACTS: EventContract[] = [
  {
    description: 'a CONVERSATION_ROUTING_RESULT event when the conversation is routed',
    event: 'CONVERSATION_ROUTING_RESULT',
    content: entry('RoutingResult', ids.routing, { role: like('Router') }, 'Automated Process', routingPayload),
    payloadRules: jsonTextRules(routingPayload, []),
    expected: [],
  },
  {
    description: 'a CONVERSATION_PARTICIPANT_CHANGED event when a rep joins',
    event: 'CONVERSATION_PARTICIPANT_CHANGED',
    content: entry('ParticipantChanged', ids.joined, { role: like('Router') }, 'Automated Process', participantChange(ids.joined, 'add')),
    payloadRules: participantRules(ids.joined, 'add'),
    expected: [{ ...base, type: 'participant', operation: 'joined', name: 'Sim Rep', role: 'Agent' }],
  },
  {
    description: 'a CONVERSATION_MESSAGE event with what the rep said',
    event: 'CONVERSATION_MESSAGE',
    content: entry('Message', ids.message, { role: 'Agent' }, 'Sim Rep', messagePayload),
    payloadRules: jsonTextRules(messagePayload, ['"staticContent":{', '"formatType":"Text"', '"text":"']),
    expected: [
      {
        ...base,
        type: 'message',
        entryId: ids.message,
        text: 'Hi, I am Sam from support',
        content: { kind: 'text', text: 'Hi, I am Sam from support' },
        rendered: { channel: 'web', format: 'text', text: 'Hi, I am Sam from support', acceptsTypedAnswer: false },
        senderName: 'Sim Rep',
        senderRole: 'Agent',
      },
    ],
  },
  {
    description: 'a CONVERSATION_TYPING_STARTED_INDICATOR event when the rep types',
    event: 'CONVERSATION_TYPING_STARTED_INDICATOR',
    content: entry('TypingStartedIndicator', ids.typing, { role: 'Agent' }, 'Sim Rep', typingPayload),
    payloadRules: jsonTextRules(typingPayload, []),
    expected: [{ ...base, type: 'typing', isTyping: true, senderName: 'Sim Rep' }],
  },
  {
    description: 'a CONVERSATION_PARTICIPANT_CHANGED event when the rep leaves',
    event: 'CONVERSATION_PARTICIPANT_CHANGED',
    content: entry('ParticipantChanged', ids.left, { role: like('Router') }, 'Automated Process', participantChange(ids.left, 'remove')),
    payloadRules: participantRules(ids.left, 'remove'),
    expected: [{ ...base, type: 'participant', operation: 'left', name: 'Sim Rep', role: 'Agent' }],
  },
  {
    description: 'a CONVERSATION_SESSION_STATUS_CHANGED event when the rep ends the session',
    event: 'CONVERSATION_SESSION_STATUS_CHANGED',
    content: entry('SessionStatusChanged', ids.ended, { role: like('System') }, 'Automated Process', endedPayload),
    payloadRules: jsonTextRules(endedPayload, ['"sessionStatus":"Ended"']),
    expected: [{ ...base, type: 'session-ended' }],
  },
  ...RICH_EVENT_CONTRACTS,
];

export const exampleIdentifier = (contract: EventContract) => (contract.content.conversationEntry as { identifier: { value: string } }).identifier.value;
