import { unmappedNote } from './routingAttributes.js';
import { parseHandoffTranscript } from './handoffTranscript.js';
import { clockTime, el } from './lib/dom.js';

/** One transcript entry as a line: who said what, or what happened. */
export function describeEntry(entry) {
  const p = entry.entryPayload ?? {};
  switch (entry.entryType) {
    case 'Message': {
      const content = p.abstractMessage?.staticContent ?? {};
      const customer = entry.sender?.role === 'EndUser';
      const handoff = customer && content.text ? parseHandoffTranscript(content.text) : null;
      if (handoff) return { kind: 'handoff', who: `Handoff from the AI assistant${handoff.part ? ` (part ${handoff.part.n} of ${handoff.part.of})` : ''}`, handoff };
      return { kind: customer ? 'customer' : 'rep', who: entry.senderDisplayName, text: content.text ?? richText(p.abstractMessage ?? {}) ?? `[${content.formatType ?? 'message'}]` };
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

/** A line for what is not plain text: the options a ChoicesMessage offers, the end user's choice, a form. */
function richText(m) {
  const titles = (items) => (Array.isArray(items) ? items : []).map((o) => o?.titleItem?.title ?? o?.optionTitle ?? o?.optionIdentifier ?? '?').join(' | ');
  if (m.choices) return `${m.choices.text ? `${m.choices.text} ` : ''}[${m.choices.formatType}: ${titles(m.choices.optionItems)}]`;
  if (m.choicesResponse) return `[Chose: ${titles(m.choicesResponse.selectedOptions)}]`;
  if (m.form) return `[Form${m.form.formTitle?.title ? `: ${m.form.formTitle.title}` : ''}]`;
  if (m.formResponse) return '[Form response]';
  return undefined;
}

/** "2024-05-01 14:03 UTC" shown as 14:03, the full stamp on hover. */
const turnTime = (at) => el('span', { class: 'turn-at', title: at }, /\d{2}:\d{2}/.exec(at)?.[0] ?? at);

/** The handoff transcript: the summary, then the bot conversation one turn per row. */
function handoffBlock({ summary, carried, turns, noHistory }, sentAs) {
  return el(
    'div',
    { class: 'handoff' },
    summary ? [el('h4', {}, 'AI summary'), el('p', { class: 'summary' }, summary)] : null,
    carried ? el('p', { class: 'carried' }, carried) : null,
    turns.length || noHistory ? el('h4', {}, 'Conversation with the AI assistant') : null,
    noHistory ? el('p', { class: 'muted' }, 'None: the customer asked for a person straight away.') : null,
    turns.length
      ? el('ol', { class: 'turns' }, turns.map((t) => el('li', { class: `turn turn-${t.speaker.toLowerCase() || 'note'}` }, t.at ? turnTime(t.at) : null, t.speaker ? el('span', { class: 'turn-who' }, t.speaker) : null, el('span', { class: 'turn-text' }, t.text))))
      : null,
    el('p', { class: 'sent-as muted' }, `Sent as ${sentAs} (customer).`),
  );
}

export function transcriptItems(entries) {
  return entries.map((entry) => {
    const d = describeEntry(entry);
    return el(
      'li',
      { class: `entry entry-${d.kind}` },
      el('time', { datetime: new Date(entry.transcriptedTimestamp).toISOString() }, clockTime(entry.transcriptedTimestamp)),
      d.who ? el('span', { class: 'who' }, `${d.who}${d.kind === 'customer' ? ' (customer)' : ''}`) : null,
      d.handoff ? handoffBlock(d.handoff, entry.senderDisplayName) : el('span', { class: 'text' }, d.text),
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
      el('td', {}, r.status === 0 ? 'no response' : String(r.status), r.errorCode ? ` ${r.errorCode}` : '', unmappedNote(r)),
      el('td', {}, r.fault ?? ''),
      el('td', {}, String(Math.round(r.durationMs))),
    ),
  );
}
