import { post } from '/console/lib/api.js';
import { byId, el, fill, showError } from '/console/lib/dom.js';
import { richContent } from '/console/lib/richContent.js';

/**
 * Web chat only: what the widget's own web client saw (`view.web`), put on the page. A rep
 * message bubble (from the handoff client's text) gets its rich body once the web client has it;
 * progress and replies being streamed show below the messages until the final message arrives;
 * rep messages the customer can see are acknowledged as read (once, by the simulator).
 */
export function createWebChat({ say }) {
  let handoffId = null;
  let web = null;
  const asked = new Set();

  const bubbleOf = (entryId) => byId('messages').querySelector(`li[data-entry-id="${CSS.escape(entryId)}"]`);

  async function choose(message, option) {
    for (const b of bubbleOf(message.entryId)?.querySelectorAll('button.choice') ?? []) b.disabled = true;
    say('customer', 'Me', option.titleItem?.title ?? '');
    try {
      await post(`/widget/handoffs/${handoffId}/choices`, { entryId: message.entryId, optionIdentifier: option.optionIdentifier });
    } catch (err) {
      showError(err.message);
    }
  }

  /** Give each rep bubble its rich body (again only when what the customer chose changed). */
  function upgradeBubbles() {
    let grown = false;
    for (const message of web.messages) {
      const bubble = bubbleOf(message.entryId);
      const state = JSON.stringify(message.chosen);
      if (!bubble || bubble.dataset.rich === state) continue;
      grown ||= bubble.dataset.rich === undefined;
      bubble.dataset.rich = state;
      fill(bubble.querySelector('.body'), richContent(message.abstractMessage, { chosen: message.chosen, onChoose: (option) => choose(message, option) }));
    }
    const list = byId('messages');
    if (grown) list.scrollTop = list.scrollHeight; // a card or buttons made the new bubble taller
  }

  /** Read receipts: the rep messages on screen while the page is visible, each asked for once. */
  function acknowledgeRead() {
    if (!web || document.visibilityState !== 'visible') return;
    const entryIds = web.messages.filter((m) => !m.read && !asked.has(m.entryId) && bubbleOf(m.entryId)).map((m) => m.entryId);
    if (!entryIds.length) return;
    for (const id of entryIds) asked.add(id);
    post(`/widget/handoffs/${handoffId}/read`, { entryIds }).catch((err) => {
      for (const id of entryIds) asked.delete(id);
      showError(err.message);
    });
  }
  document.addEventListener('visibilitychange', acknowledgeRead);

  function render(view) {
    if (view.id !== handoffId) asked.clear();
    handoffId = view.id;
    web = view.web;
    byId('progress').textContent = web?.progress ? `${web.progress.senderName}: ${web.progress.text}` : '';
    fill(byId('streaming'), (web?.streams ?? []).map((s) => el('li', { class: 'bubble from-rep streaming', 'data-target-id': s.targetMessageId }, el('span', { class: 'who' }, `${s.senderName} (writing…)`), s.text)));
    fill(byId('ignored-events'), web?.ignoredEvents.length ? `Ignored ${web.ignoredEvents.length} event type(s) this client does not know: ${web.ignoredEvents.join(', ')}` : '');
    if (!web) return;
    upgradeBubbles();
    acknowledgeRead();
  }

  return { render };
}
