import { post } from '/console/lib/api.js';
import { byId, el, fill, showError } from '/console/lib/dom.js';
import { contentNodes } from '/console/lib/contentNodes.js';

/**
 * What the chat shows beyond each event's bubble (`view.chat`): the progress line, the client's
 * log, and on web chat the rich body of each rep message from its typed `content` (buttons live
 * only on the open question, a form to fill in), replies being streamed, and read receipts for
 * the rep messages on screen. Every answer and receipt goes through the handoff client.
 */
export function createWebChat({ say }) {
  let handoffId = null;
  const asked = new Set();

  const bubbleOf = (entryId) => byId('messages').querySelector(`li[data-entry-id="${CSS.escape(entryId)}"]`);
  const messages = (view) => view.events.filter((e) => e.type === 'message');

  async function choose(entryId, option) {
    for (const b of bubbleOf(entryId)?.querySelectorAll('button.choice') ?? []) b.disabled = true;
    say('customer', 'Me', option.title);
    try {
      await post(`/widget/handoffs/${handoffId}/choices`, { entryId, optionIdentifier: option.id });
    } catch (err) {
      showError(err.message);
    }
  }

  async function submitForm(entryId, values) {
    await post(`/widget/handoffs/${handoffId}/forms`, { entryId, values }); // a refusal is shown in the form
    say('customer', 'Me', 'Sent the form.');
  }

  /** Give each rep bubble its rich body (again only when its question opened, closed or was answered). */
  function upgradeBubbles(view) {
    let grown = false;
    for (const message of messages(view)) {
      const bubble = bubbleOf(message.entryId);
      const answer = view.chat.answers.find((a) => a.entryId === message.entryId);
      const open = view.chat.openQuestion === message.entryId;
      const state = JSON.stringify([open, answer ?? null]);
      if (!bubble || bubble.dataset.rich === state) continue;
      grown ||= bubble.dataset.rich === undefined;
      bubble.dataset.rich = state;
      fill(
        bubble.querySelector('.body'),
        contentNodes(message.content, {
          chosen: answer?.optionIds ?? [],
          onChoose: open ? (option) => choose(message.entryId, option) : undefined,
          answer: answer?.values,
          onSubmit: open ? (values) => submitForm(message.entryId, values) : undefined,
        }),
      );
    }
    const list = byId('messages');
    if (grown) list.scrollTop = list.scrollHeight; // a card or buttons made the new bubble taller
  }

  /** Read receipts: the rep messages on screen while the page is visible, each asked for once. */
  function acknowledgeRead(view) {
    if (document.visibilityState !== 'visible') return;
    const entryIds = messages(view).map((m) => m.entryId).filter((id) => !view.chat.read.includes(id) && !asked.has(id) && bubbleOf(id));
    if (!entryIds.length) return;
    for (const id of entryIds) asked.add(id);
    post(`/widget/handoffs/${handoffId}/read`, { entryIds }).catch((err) => {
      for (const id of entryIds) asked.delete(id);
      showError(err.message);
    });
  }
  let last = null;
  document.addEventListener('visibilitychange', () => last && last.channel === 'web' && last.status === 'live' && acknowledgeRead(last));

  function render(view) {
    if (view.id !== handoffId) asked.clear();
    handoffId = view.id;
    last = view;
    const { chat } = view;
    byId('progress').textContent = chat.progress ? `${chat.progress.senderName}: ${chat.progress.text}` : '';
    fill(byId('streaming'), chat.streams.map((s) => el('li', { class: 'bubble from-rep streaming', 'data-target-id': s.targetMessageId }, el('span', { class: 'who' }, `${s.senderName} (writing…)`), s.text)));
    fill(byId('client-log'), chat.log.map((line) => el('li', {}, line)));
    if (view.channel !== 'web') return;
    upgradeBubbles(view);
    if (view.status === 'live') acknowledgeRead(view);
  }

  return { render };
}
