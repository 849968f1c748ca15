import { copyFields } from '../shared/ownValue.ts';
import { json } from './jsonTemplate.ts';
import type { Conversation, Entry } from '../store/types.ts';

/** SSE event name for each entry type (the docs' `CONVERSATION_*` names). */
const EVENT_NAMES: Record<string, string> = {
  Message: 'CONVERSATION_MESSAGE',
  RoutingResult: 'CONVERSATION_ROUTING_RESULT',
  ParticipantChanged: 'CONVERSATION_PARTICIPANT_CHANGED',
  TypingStartedIndicator: 'CONVERSATION_TYPING_STARTED_INDICATOR',
  TypingStoppedIndicator: 'CONVERSATION_TYPING_STOPPED_INDICATOR',
  DeliveryAcknowledgement: 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT',
  ReadAcknowledgement: 'CONVERSATION_READ_ACKNOWLEDGEMENT',
  CloseConversation: 'CONVERSATION_CLOSE_CONVERSATION',
  SessionStatusChanged: 'CONVERSATION_SESSION_STATUS_CHANGED',
  RoutingWorkResult: 'CONVERSATION_ROUTING_WORK_RESULT',
  ProgressIndicator: 'CONVERSATION_PROGRESS_INDICATOR',
  StreamingToken: 'CONVERSATION_STREAMING_TOKEN',
};

export const eventNameFor = (entryType: string): string | undefined => (Object.hasOwn(EVENT_NAMES, entryType) ? EVENT_NAMES[entryType] : undefined);

/**
 * The entry's MIAW `entryPayload`: `entryType`, `id`, then what its type carries. One object literal
 * per type, no spreads: every request serializes an entry or more.
 */
export function entryPayload(entry: Entry): Record<string, unknown> {
  const { entryType, identifier: id } = entry;
  switch (entry.entryType) {
    case 'Message':
      return { entryType, id, abstractMessage: abstractMessage(entry), messageReason: null };
    case 'RoutingResult': {
      const r = entry.routing;
      return {
        entryType,
        id,
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
      return { entryType, id, entries: entry.changes.map((c) => ({ operation: c.operation, menuMetadata: null, displayName: c.displayName, participant: c.participant })) };
    case 'SessionStatusChanged':
      return { entryType, id, sessionId: entry.sessionId, sessionStatus: entry.sessionStatus };
    case 'DeliveryAcknowledgement':
    case 'ReadAcknowledgement':
      return { entryType, id, acknowledgementTimestamp: entry.acknowledgedAt };
    case 'CloseConversation':
      return { entryType, id, conversationIdentifier: entry.conversationId };
    case 'ProgressIndicator':
      return { entryType, id, progressIndicator: entry.progressIndicator };
    case 'StreamingToken':
      return { entryType, id, streamingToken: entry.streamingToken };
    case 'TypingStartedIndicator':
    case 'TypingStoppedIndicator':
      return { entryType, id };
  }
}

/**
 * A message as its payload carries it: the message's fields, then `id`, `inReplyToMessageId` and
 * `references` (what `{ ...message, id, inReplyToMessageId, references: [] }` made: a field the
 * message has already keeps its place and takes the new value).
 */
function abstractMessage(entry: Extract<Entry, { entryType: 'Message' }>): Record<string, unknown> {
  const message = copyFields<Record<string, unknown>>({}, entry.message);
  message.id = entry.identifier;
  message.inReplyToMessageId = entry.inReplyToMessageId;
  message.references = [];
  return message;
}

/** An entry as MIAW shows it, around its payload (an object for REST, a JSON string on the event stream). */
function withEnvelope<P>(entry: Entry, entryPayload: P) {
  return {
    identifier: entry.identifier,
    entryType: entry.entryType,
    sender: entry.sender,
    senderDisplayName: entry.senderDisplayName,
    transcriptedTimestamp: entry.transcriptedTimestamp,
    clientTimestamp: entry.clientTimestamp,
    clientDuration: entry.clientDuration,
    relatedRecords: entry.relatedRecords,
    entryPayload,
  };
}

/** An entry as `GET .../entries` returns it: `entryPayload` is an object. */
export function toRestEntry(entry: Entry) {
  return withEnvelope(entry, entryPayload(entry));
}

/** The event stream's `contextParamMap`: always empty here (JSON `{}`), so one object serves every event. */
const NO_CONTEXT_PARAMS = Object.freeze({});

/**
 * An entry as the event stream carries it in `data`: `entryPayload` is a JSON string. Built once per
 * event, whatever the number of streams it goes to (the hub writes the same frame to each), from a
 * template (`json`): the bytes `JSON.stringify` writes of the object `sseDataObject` builds, which
 * serves when a field would be left out (test/simulator/sseTemplate.test.ts compares the two).
 */
export function toSseData(conversation: Conversation, channelAddressIdentifier: string, entry: Entry): string {
  const payload = payloadJson(entry);
  const data =
    payload === undefined
      ? undefined
      : json`{"channelPlatformKey":${channelPlatformKey(conversation.subject)},"channelType":"embedded_messaging","channelAddressIdentifier":${channelAddressIdentifier},"conversationId":${conversation.id},"conversationEntry":{"identifier":${entry.identifier},"entryType":${entry.entryType},"sender":${entry.sender},"senderDisplayName":${entry.senderDisplayName},"transcriptedTimestamp":${entry.transcriptedTimestamp},"clientTimestamp":${entry.clientTimestamp},"clientDuration":${entry.clientDuration},"relatedRecords":${entry.relatedRecords},"entryPayload":${payload},"contextParamMap":{}}}`;
  return data ?? JSON.stringify(sseDataObject(conversation, channelAddressIdentifier, entry));
}

/** The SSE data as an object: what `toSseData` writes when its template cannot (a field `JSON.stringify` would leave out). */
export function sseDataObject(conversation: Conversation, channelAddressIdentifier: string, entry: Entry): object {
  const conversationEntry: ReturnType<typeof withEnvelope<string>> & { contextParamMap?: object } = withEnvelope(entry, JSON.stringify(entryPayload(entry)));
  conversationEntry.contextParamMap = NO_CONTEXT_PARAMS;
  return {
    channelPlatformKey: channelPlatformKey(conversation.subject),
    channelType: 'embedded_messaging',
    channelAddressIdentifier,
    conversationId: conversation.id,
    conversationEntry,
  };
}

/** `JSON.stringify(entryPayload(entry))`, from a template for a RoutingResult (one per conversation created); `undefined` when the template cannot write it. */
function payloadJson(entry: Entry): string | undefined {
  if (entry.entryType !== 'RoutingResult') return JSON.stringify(entryPayload(entry));
  const r = entry.routing;
  const wait = r.estimatedWaitSeconds;
  return json`{"entryType":${entry.entryType},"id":${entry.identifier},"recordId":${r.sessionId},"routingType":${r.routingType},"failureType":${r.failureReason ? 'RoutingError' : 'None'},"failureReason":${r.failureReason ?? null},"errorMessages":${r.failureReason ? [r.failureReason] : NO_ERRORS},"pendingServiceRoutingId":${r.pendingServiceRoutingId},"estimatedWaitTime":{"estimatedWaitTimeInSeconds":${wait ?? null},"isEWTRequested":${wait !== undefined}},"routingConfigurationDetails":{"routingConfigurationType":"Omni-Channel Flow","queueId":${r.queueId}},"isExternallyRouted":false,"cancelReason":null,"skipRouterCPRemovalIfNoRoutingFailures":false,"workOwnerId":null}`;
}

/** A successful routing's `errorMessages` (JSON `[]`). */
const NO_ERRORS: readonly string[] = Object.freeze([]);

/** The end user's platform key: the uid part of the subject. */
const channelPlatformKey = (subject: string) => subject.slice(subject.lastIndexOf('uid:') + 4) || subject;
