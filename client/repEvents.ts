import { toMessageContent } from './content/messageContent.ts';
import { rendererFor, type Renderer } from './render/channelRenderers.ts';
import { defaultRenderConfig } from './render/renderConfig.ts';
import type { RepEvent } from './types.ts';

interface SseData {
  conversationId?: string;
  conversationEntry?: {
    identifier?: string;
    entryType?: string;
    entryPayload?: string;
    sender?: { role?: string };
    senderDisplayName?: string;
    transcriptedTimestamp?: number;
    relatedRecords?: unknown;
  };
}

interface Payload {
  abstractMessage?: unknown;
  entries?: Array<{ operation?: string; displayName?: string; participant?: { role?: string } }>;
  sessionStatus?: string;
  progressIndicator?: { indicatorType?: unknown; progressMessage?: { text?: unknown } };
  streamingToken?: { sequenceNumber?: unknown; targetMessageIdentifier?: unknown; token?: { text?: unknown } };
}

/** One token of a streamed reply, for the assembler (never delivered as such). */
export interface StreamedToken {
  targetMessageId: string;
  sequenceNumber: number;
  text: string;
  senderName: string;
  senderRole: string;
  at: number;
}

export interface MappedEntry {
  /** The entry identifier, for exactly-once delivery. */
  identifier: string;
  events: RepEvent[];
  token?: StreamedToken;
}

/** The event names Salesforce documents for the end user's stream; any other name is unknown to this client. */
export const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'CONVERSATION_MESSAGE',
  'CONVERSATION_ROUTING_RESULT',
  'CONVERSATION_ROUTING_WORK_RESULT',
  'CONVERSATION_PARTICIPANT_CHANGED',
  'CONVERSATION_TYPING_STARTED_INDICATOR',
  'CONVERSATION_TYPING_STOPPED_INDICATOR',
  'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT',
  'CONVERSATION_READ_ACKNOWLEDGEMENT',
  'CONVERSATION_SESSION_STATUS_CHANGED',
  'CONVERSATION_CLOSE_CONVERSATION',
  'CONVERSATION_PROGRESS_INDICATOR',
  'CONVERSATION_STREAMING_TOKEN',
]);

const webRenderer = rendererFor('web', defaultRenderConfig());

/**
 * Turn one MIAW event (`event` name + `data` JSON) into what the customer's channel should see,
 * messages rendered by `render` (the session channel's renderer; web unless given). Returns the
 * entry identifier (for exactly-once delivery) and the events; the end user's own echoes, pings
 * and unknown event names give none.
 */
export function toRepEvents(event: string, data: string, conversationId: string, render: Renderer = webRenderer): MappedEntry | undefined {
  let parsed: SseData;
  let payload: Payload;
  try {
    parsed = JSON.parse(data) as SseData;
    payload = JSON.parse(parsed.conversationEntry?.entryPayload ?? '{}') as Payload;
  } catch {
    return undefined;
  }
  // Events this client does not know, or know in a newer shape, are ignored, never a crash.
  if (!isObject(parsed) || !isObject(payload)) return undefined;
  const entry = parsed.conversationEntry;
  if (parsed.conversationId !== conversationId || !entry?.identifier) return undefined;
  const role = entry.sender?.role ?? 'System';
  const at = entry.transcriptedTimestamp ?? Date.now();
  const name = entry.senderDisplayName ?? role;
  const base = { conversationId, at };
  const events: RepEvent[] = [];
  const mapped: MappedEntry = { identifier: entry.identifier, events };
  switch (event) {
    case 'CONVERSATION_MESSAGE': {
      if (role === 'EndUser') break;
      const content = toMessageContent(payload.abstractMessage);
      const rendered = render(content);
      events.push({ ...base, type: 'message', entryId: entry.identifier, text: rendered.text, content, rendered, senderName: name, senderRole: role });
      break;
    }
    case 'CONVERSATION_TYPING_STARTED_INDICATOR':
    case 'CONVERSATION_TYPING_STOPPED_INDICATOR':
      if (role !== 'EndUser') events.push({ ...base, type: 'typing', isTyping: event.includes('STARTED'), senderName: name });
      break;
    case 'CONVERSATION_PARTICIPANT_CHANGED':
      for (const change of Array.isArray(payload.entries) ? payload.entries : []) {
        if (!isObject(change)) continue;
        const who = change.participant?.role ?? 'Agent';
        if (who === 'EndUser') continue;
        events.push({ ...base, type: 'participant', operation: change.operation === 'remove' ? 'left' : 'joined', name: change.displayName ?? who, role: who });
      }
      break;
    case 'CONVERSATION_PROGRESS_INDICATOR': {
      const indicator = isObject(payload.progressIndicator) ? payload.progressIndicator : undefined;
      const text = isObject(indicator?.progressMessage) ? indicator.progressMessage.text : undefined;
      if (role !== 'EndUser' && typeof text === 'string') {
        const indicatorType = typeof indicator?.indicatorType === 'string' ? indicator.indicatorType : 'ProgressUpdateIndicator';
        events.push({ ...base, type: 'progress', text, indicatorType, senderName: name, senderRole: role });
      }
      break;
    }
    case 'CONVERSATION_STREAMING_TOKEN': {
      const token = isObject(payload.streamingToken) ? payload.streamingToken : undefined;
      const text = isObject(token?.token) ? token.token.text : undefined;
      const { targetMessageIdentifier: target, sequenceNumber } = token ?? {};
      if (role !== 'EndUser' && typeof target === 'string' && target && Number.isSafeInteger(sequenceNumber) && typeof text === 'string') {
        mapped.token = { targetMessageId: target, sequenceNumber: sequenceNumber as number, text, senderName: name, senderRole: role, at };
      }
      break;
    }
    case 'CONVERSATION_DELIVERY_ACKNOWLEDGEMENT':
    case 'CONVERSATION_READ_ACKNOWLEDGEMENT': {
      const acknowledged = Array.isArray(entry.relatedRecords) ? entry.relatedRecords[0] : undefined;
      if (role !== 'EndUser' && typeof acknowledged === 'string' && acknowledged) {
        events.push({ ...base, type: 'receipt', receipt: event.includes('DELIVERY') ? 'delivered' : 'read', entryId: acknowledged, senderName: name });
      }
      break;
    }
    case 'CONVERSATION_SESSION_STATUS_CHANGED':
      if (!payload.sessionStatus || payload.sessionStatus === 'Ended') events.push({ ...base, type: 'session-ended' });
      break;
    case 'CONVERSATION_CLOSE_CONVERSATION':
      events.push({ ...base, type: 'conversation-closed' });
      break;
    default:
      break;
  }
  return mapped;
}

const isObject = <T>(value: T): value is T & object => typeof value === 'object' && value !== null;
