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
    expected: [{ ...base, type: 'message', entryId: ids.message, text: 'Hi, I am Sam from support', senderName: 'Sim Rep', senderRole: 'Agent' }],
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
];

export const exampleIdentifier = (contract: EventContract) => (contract.content.conversationEntry as { identifier: { value: string } }).identifier.value;
