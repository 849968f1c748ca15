import { byId, definitionList, el, fill } from '/console/lib/dom.js';

/**
 * The "Talk to a person" side of the widget: one line a customer understands (where the
 * conversation went, in words), and the handoff client's own account for developers, folded away.
 */
const WHERE = { web: 'here, in this chat', whatsapp: 'on WhatsApp', sms: 'by text message (SMS)', phone: 'by phone', email: 'by email' };

export const NOT_ESCALATED = 'You are chatting with our AI assistant. Ask for a person at any time.';

function statusText(view) {
  switch (view.status) {
    case 'starting':
      return view.channel === 'email' ? 'Opening a support case…' : 'Connecting you to a person…';
    case 'case-opened':
      return caseOpened(view.case);
    case 'live':
      return `A person from our team will continue this conversation ${WHERE[view.channel] ?? 'here'}.`;
    case 'ended':
      return 'This chat has ended. Write again if you need more help.';
    default:
      return failureText(view);
  }
}

/** What the customer is told once their Email Case is open: its number, and where the answer goes. */
export const caseOpened = (opened) => `Your case number is ${opened.caseNumber}. A person from our team will answer you by email at ${opened.email}.`;

/** A failure in words a customer understands (Developer details hold the client's error and hint). */
export function failureText(view) {
  if (view.channel !== 'email') return 'Sorry, we could not reach a person just now. Please try again.';
  const why = view.error?.name === 'SalesforceAuthError' ? 'our support system did not let us in' : 'our support system did not take it';
  return `Sorry, we could not open a support case just now (${why}). Please try again in a moment.`;
}

const stepLine = (s) =>
  el('li', { class: s.status }, `${s.step}: ${s.status}`, s.attempt ? ` (attempt ${s.attempt})` : '', s.delayMs !== undefined ? `, next try in ${s.delayMs} ms` : '', s.detail && s.status !== 'done' ? ` — ${s.detail}` : '');

function facts(view) {
  const { error } = view;
  const hint = error?.hint && !error.message.includes(error.hint) ? { Hint: error.hint } : {};
  const opened = view.case ? { 'Case number': view.case.caseNumber, 'Case ID': view.case.caseId } : {};
  return { Status: view.status, Channel: view.channel, 'Conversation ID': view.conversationId, ...opened, ...(error ? { Error: `${error.name} at ${error.step}: ${error.message}` } : {}), ...hint };
}

export function renderHandoffPanel(view) {
  byId('handoff-status').textContent = statusText(view);
  fill(byId('handoff-facts'), definitionList(facts(view), { class: 'facts' }));
  fill(byId('handoff-steps'), view.steps.map(stepLine));
}

/** The simulator no longer knows the handoff (reset or restart). */
export function renderForgotten() {
  byId('handoff-status').textContent = 'This chat is no longer available. Ask for a person again.';
  fill(byId('handoff-facts'), definitionList({ Status: 'unknown to the simulator (it was reset or restarted)' }, { class: 'facts' }));
}
