import { unmappedNote } from './routingAttributes.js';
import { parseHandoffTranscript } from './handoffTranscript.js';
import { clockTime, el } from './lib/dom.js';
import { formAnswerText } from './lib/formNodes.js';
import { readAbstractMessage, richContent } from './lib/richContent.js';

const BOT_ROLE = 'Chatbot';
/** Receipts are shown on the message they acknowledge, not as lines of their own. */
const RECEIPTS = new Set(['DeliveryAcknowledgement', 'ReadAcknowledgement']);

const messageOf = (entry) => (entry.entryType === 'Message' ? (entry.entryPayload?.abstractMessage ?? {}) : null);
const optionTitle = (o) => o?.titleItem?.title ?? o?.optionTitle ?? o?.optionIdentifier ?? '?';

/** The ChoicesMessage or FormMessage an end user's answer answers: the one it names, else the latest one before it. */
function questionOf(answer, entries) {
  const m = messageOf(answer);
  const type = m.choicesResponse ? 'ChoicesMessage' : 'FormMessage';
  const before = entries.slice(0, Math.max(0, entries.indexOf(answer)));
  const named = m.inReplyToMessageId ? entries.find((e) => e.identifier === m.inReplyToMessageId || messageOf(e)?.id === m.inReplyToMessageId) : undefined;
  return named ?? [...before].reverse().find((e) => messageOf(e)?.messageType === type);
}

/** What the end user answered, in words: the titles of the options chosen (looked up in the question), or the form's answers by label. */
function answerText(answer, question) {
  const m = messageOf(answer);
  if (!m.choicesResponse) return formAnswerText(readAbstractMessage(messageOf(question ?? {})), m.formResponse?.result);
  const offered = messageOf(question ?? {})?.choices?.optionItems ?? [];
  const chosen = Array.isArray(m.choicesResponse.selectedOptions) ? m.choicesResponse.selectedOptions : [];
  return chosen.map((s) => optionTitle(offered.find((o) => o.optionIdentifier === s?.optionIdentifier) ?? s)).join(', ');
}

const isAnswer = (entry) => entry.sender?.role === 'EndUser' && Boolean(messageOf(entry)?.choicesResponse || messageOf(entry)?.formResponse);
const questionTitle = (m) => m?.choices?.text || m?.form?.formTitle?.title || (m?.choices ? 'the choices' : 'the form');

/** One transcript entry as a line: who said what, or what happened. `entries` is the whole transcript (an answer names its question). */
export function describeEntry(entry, entries = [entry]) {
  const p = entry.entryPayload ?? {};
  switch (entry.entryType) {
    case 'Message': {
      const m = p.abstractMessage ?? {};
      const content = m.staticContent ?? {};
      const customer = entry.sender?.role === 'EndUser';
      const handoff = customer && content.text ? parseHandoffTranscript(content.text) : null;
      if (handoff) return { kind: 'handoff', who: `Handoff from the AI assistant${handoff.part ? ` (part ${handoff.part.n} of ${handoff.part.of})` : ''}`, handoff };
      if (isAnswer(entry)) {
        const question = questionOf(entry, entries);
        return { kind: 'customer', who: entry.senderDisplayName, text: `Answered “${questionTitle(messageOf(question ?? {}))}”: ${answerText(entry, question)}` };
      }
      if (customer || content.formatType === 'Text') return { kind: customer ? 'customer' : 'rep', who: entry.senderDisplayName, text: content.text ?? `[${content.formatType ?? 'message'}]` };
      return { kind: 'rep', who: entry.senderDisplayName, rich: m };
    }
    case 'ParticipantChanged':
      return { kind: 'event', text: (p.entries ?? []).map((x) => `${x.displayName}${x.participant?.role === BOT_ROLE ? ' (bot)' : ''} ${x.operation === 'remove' ? 'left' : 'joined'}`).join(', ') };
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

/**
 * What changes on entries already shown: each rep message's receipts (sent, delivered, read, from
 * `deliveredAt`/`readAt`) and, on a question, the customer's answer.
 */
export function showLiveParts(list, entries) {
  const answers = new Map();
  for (const e of entries.filter(isAnswer)) {
    const question = questionOf(e, entries);
    if (question) answers.set(question.identifier, { text: answerText(e, question), ids: (messageOf(e).choicesResponse?.selectedOptions ?? []).map((o) => o?.optionIdentifier) });
  }
  for (const item of list.querySelectorAll('li[data-receipts]')) {
    const entry = entries.find((e) => e.identifier === item.dataset.entryId);
    if (!entry) continue;
    const receipt = item.querySelector('.receipt');
    receipt.dataset.state = entry.readAt ? 'read' : entry.deliveredAt ? 'delivered' : 'sent';
    receipt.textContent = [entry.deliveredAt ? `Delivered ${clockTime(entry.deliveredAt)}` : 'Sent', entry.readAt ? `Read ${clockTime(entry.readAt)}` : null].filter(Boolean).join(' · ');
    const answer = answers.get(entry.identifier);
    const line = item.querySelector('.answer');
    line.hidden = !answer;
    line.textContent = answer ? `Customer answered: ${answer.text}` : '';
    for (const button of item.querySelectorAll('button.choice')) button.setAttribute('aria-pressed', String(Boolean(answer?.ids.includes(button.dataset.optionId))));
  }
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

/** The transcript's lines for `entries` (`all`: the whole transcript, so an answer finds its question). */
export function transcriptItems(entries, all = entries) {
  return entries
    .filter((entry) => !RECEIPTS.has(entry.entryType))
    .map((entry) => {
      const d = describeEntry(entry, all);
      const repMessage = entry.entryType === 'Message' && d.kind === 'rep';
      const bot = entry.sender?.role === BOT_ROLE;
      return el(
        'li',
        { class: `entry entry-${d.kind}`, 'data-entry-id': entry.identifier, 'data-receipts': repMessage },
        el('time', { datetime: new Date(entry.transcriptedTimestamp).toISOString() }, clockTime(entry.transcriptedTimestamp)),
        d.who ? el('span', { class: 'who' }, `${d.who}${d.kind === 'customer' ? ' (customer)' : ''}`, bot ? [' ', el('span', { class: 'bot-badge' }, 'bot')] : null) : null,
        d.handoff ? handoffBlock(d.handoff, entry.senderDisplayName) : d.rich ? el('div', { class: 'text rich' }, richContent(d.rich)) : el('span', { class: 'text' }, d.text),
        repMessage ? el('span', { class: 'answer' }) : null,
        repMessage ? el('span', { class: 'receipt muted' }) : null,
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
