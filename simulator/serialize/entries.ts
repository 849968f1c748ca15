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
 * The entry's MIAW `entryPayload`: `entryType`, `id`, then what its type carries. Written out in full
 * per type, without `{ ...head, more }`: node 20's V8 gives every object a literal like that makes a
 * hidden class of its own, and this runs for every reply and every event sent (docs/performance.md, "Tails").
 */
export function entryPayload(entry: Entry): Record<string, unknown> {
  const entryType = entry.entryType;
  const id = entry.identifier;
  switch (entry.entryType) {
    case 'Message': {
      // `{ ...entry.message, id, inReplyToMessageId, references: [] }`, keys in that order.
      const { ...abstractMessage } = entry.message as typeof entry.message & { id?: string; inReplyToMessageId?: string | null; references?: [] };
      abstractMessage.id = id;
      abstractMessage.inReplyToMessageId = entry.inReplyToMessageId;
      abstractMessage.references = [];
      return { entryType, id, abstractMessage, messageReason: null };
    }
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

/** An entry's envelope (the fields every entry has) followed by `entryPayload` (and the event stream's `contextParamMap`). */
function withEnvelope<P, C extends object | undefined>(entry: Entry, entryPayload: P, contextParamMap: C) {
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
    contextParamMap,
  };
}

/** An entry as `GET .../entries` returns it: `entryPayload` is an object. */
export function toRestEntry(entry: Entry) {
  // `contextParamMap: undefined` is left out by JSON.stringify, as if absent.
  return withEnvelope(entry, entryPayload(entry), undefined);
}

/** An entry as the event stream carries it in `data`: `entryPayload` is a JSON string. */
export function toSseData(conversation: Conversation, channelAddressIdentifier: string, entry: Entry): string {
  return JSON.stringify({
    channelPlatformKey: channelPlatformKey(conversation.subject),
    channelType: 'embedded_messaging',
    channelAddressIdentifier,
    conversationId: conversation.id,
    conversationEntry: withEnvelope(entry, JSON.stringify(entryPayload(entry)), {}),
  });
}

/** The end user's platform key: the uid part of the subject. */
const channelPlatformKey = (subject: string) => subject.slice(subject.lastIndexOf('uid:') + 4) || subject;
