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
  };
}

interface Payload {
  abstractMessage?: { staticContent?: { formatType?: string; text?: string; attachments?: Array<{ name?: string }> } };
  entries?: Array<{ operation?: string; displayName?: string; participant?: { role?: string } }>;
  sessionStatus?: string;
}

/**
 * Turn one MIAW event (`event` name + `data` JSON) into what the customer's channel should see.
 * Returns the entry identifier (for exactly-once delivery) and the events; the end user's own
 * echoes, pings and unknown event names give none.
 */
export function toRepEvents(event: string, data: string, conversationId: string): { identifier: string; events: RepEvent[] } | undefined {
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
  switch (event) {
    case 'CONVERSATION_MESSAGE': {
      if (role === 'EndUser') break;
      const content = isObject(payload.abstractMessage?.staticContent) ? payload.abstractMessage.staticContent : undefined;
      const attachments = Array.isArray(content?.attachments) ? content.attachments : [];
      const text = (typeof content?.text === 'string' && content.text) || (attachments.length ? `[attachment: ${attachments.map((a) => (isObject(a) && a.name) || 'file').join(', ')}]` : `[${content?.formatType ?? 'message'}]`);
      events.push({ ...base, type: 'message', entryId: entry.identifier, text, senderName: name, senderRole: role });
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
    case 'CONVERSATION_SESSION_STATUS_CHANGED':
      if (!payload.sessionStatus || payload.sessionStatus === 'Ended') events.push({ ...base, type: 'session-ended' });
      break;
    case 'CONVERSATION_CLOSE_CONVERSATION':
      events.push({ ...base, type: 'conversation-closed' });
      break;
    default:
      break;
  }
  return { identifier: entry.identifier, events };
}

const isObject = <T>(value: T): value is T & object => typeof value === 'object' && value !== null;
