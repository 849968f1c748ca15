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

/** The entry's MIAW `entryPayload`: `entryType`, `id`, then what its type carries. */
export function entryPayload(entry: Entry): Record<string, unknown> {
  const head = { entryType: entry.entryType, id: entry.identifier };
  switch (entry.entryType) {
    case 'Message':
      return {
        ...head,
        abstractMessage: { ...entry.message, id: entry.identifier, inReplyToMessageId: entry.inReplyToMessageId, references: [] },
        messageReason: null,
      };
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

function envelope(entry: Entry) {
  return {
    identifier: entry.identifier,
    entryType: entry.entryType,
    sender: entry.sender,
    senderDisplayName: entry.senderDisplayName,
    transcriptedTimestamp: entry.transcriptedTimestamp,
    clientTimestamp: entry.clientTimestamp,
    clientDuration: entry.clientDuration,
    relatedRecords: entry.relatedRecords,
  };
}

/** An entry as `GET .../entries` returns it: `entryPayload` is an object. */
export function toRestEntry(entry: Entry) {
  return { ...envelope(entry), entryPayload: entryPayload(entry) };
}

/** An entry as the event stream carries it in `data`: `entryPayload` is a JSON string. */
export function toSseData(conversation: Conversation, channelAddressIdentifier: string, entry: Entry): string {
  return JSON.stringify({
    channelPlatformKey: channelPlatformKey(conversation.subject),
    channelType: 'embedded_messaging',
    channelAddressIdentifier,
    conversationId: conversation.id,
    conversationEntry: { ...envelope(entry), entryPayload: JSON.stringify(entryPayload(entry)), contextParamMap: {} },
  });
}

/** The end user's platform key: the uid part of the subject. */
const channelPlatformKey = (subject: string) => subject.slice(subject.lastIndexOf('uid:') + 4) || subject;
