import { clockTime, el } from './lib/dom.js';

/** One transcript entry as a line: who said what, or what happened. */
export function describeEntry(entry) {
  const p = entry.entryPayload ?? {};
  switch (entry.entryType) {
    case 'Message': {
      const content = p.abstractMessage?.staticContent ?? {};
      return { kind: entry.sender?.role === 'EndUser' ? 'customer' : 'rep', who: entry.senderDisplayName, text: content.text ?? `[${content.formatType ?? 'message'}]` };
    }
    case 'ParticipantChanged':
      return { kind: 'event', text: (p.entries ?? []).map((x) => `${x.displayName} ${x.operation === 'remove' ? 'left' : 'joined'}`).join(', ') };
    case 'RoutingResult':
      return { kind: 'event', text: p.failureType && p.failureType !== 'None' ? `Routing failed: ${p.failureReason ?? p.failureType}` : `Routed (${p.routingType})` };
    case 'SessionStatusChanged':
      return { kind: 'event', text: `Session ${String(p.sessionStatus ?? '').toLowerCase()}` };
    case 'CloseConversation':
      return { kind: 'event', text: 'Conversation closed by the customer' };
    default:
      return { kind: 'event', text: entry.entryType };
  }
}

export function transcriptItems(entries) {
  return entries.map((entry) => {
    const d = describeEntry(entry);
    return el(
      'li',
      { class: `entry entry-${d.kind}` },
      el('time', { datetime: new Date(entry.transcriptedTimestamp).toISOString() }, clockTime(entry.transcriptedTimestamp)),
      d.who ? el('span', { class: 'who' }, `${d.who}${d.kind === 'customer' ? ' (customer)' : ''}`) : null,
      el('span', { class: 'text' }, d.text),
    );
  });
}

/** Journal rows, newest first: when, method and path, status (0 = no response), the fault that served it. */
export function journalRows(records) {
  return [...records].reverse().slice(0, 50).map((r) =>
    el(
      'tr',
      { class: r.fault ? 'faulted' : undefined },
      el('td', {}, clockTime(r.at)),
      el('td', {}, el('code', {}, `${r.method} ${r.path}`)),
      el('td', {}, r.status === 0 ? 'no response' : String(r.status), r.errorCode ? ` ${r.errorCode}` : ''),
      el('td', {}, r.fault ?? ''),
      el('td', {}, String(Math.round(r.durationMs))),
    ),
  );
}
