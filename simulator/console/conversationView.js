import { get, post } from './lib/api.js';
import { byId, clockTime, definitionList, fill } from './lib/dom.js';
import { statusOf } from './queuesView.js';
import { createRichComposer } from './richComposer.js';
import { attributePairs } from './routingAttributes.js';
import { journalRows, showLiveParts, transcriptItems } from './transcript.js';

/** How long "the customer is typing" shows without a new typing notice. */
const CUSTOMER_TYPING_TIMEOUT_MS = 10_000;

/**
 * The middle column: one conversation's facts, routing attributes, transcript and journal, and the
 * rep's actions on it (accept, reply, typing, transfer, end session), all done under the console's rep name.
 */
export function createConversationView({ presence, onError }) {
  let current = null;
  let typing = false;
  let seq = 0;

  /** Do something as this console's rep; false (and the reason shown) when it was refused. */
  const act = async (path, body = {}) => {
    try {
      await presence.ensureRep();
      await post(`/conversations/${current.conversationId}${path}`, { repName: presence.name, ...body });
      return true;
    } catch (err) {
      onError(err);
      return false;
    }
  };
  const composer = createRichComposer({ send: (message) => act('/messages', { message }) });
  const setTyping = async (on) => {
    typing = on;
    byId('typing').setAttribute('aria-pressed', String(on));
    await act('/typing', { isTyping: on });
  };

  byId('accept').addEventListener('click', () => act('/accept'));
  byId('typing').addEventListener('click', () => setTyping(!typing));
  byId('end-session').addEventListener('click', () => act('/end-session'));
  byId('reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = byId('reply');
    const text = box.value.trim();
    if (!text) return;
    if (typing) await setTyping(false);
    await act('/messages', { text });
    box.value = '';
    box.focus();
  });
  byId('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await post(`/conversations/${current.conversationId}/transfer`, { queue: byId('transfer-queue').value });
    } catch (err) {
      onError(err);
    }
  });

  /**
   * New entries are appended (the list is a live region: only they are announced); another
   * conversation replaces the list. Only new entries move the scroll: to the end, but never past
   * the first line of the first new one (a handoff transcript is often taller than the box), so
   * another conversation opens at its start and a refresh with nothing new leaves the rep's place alone.
   */
  function renderTranscript(c) {
    const list = byId('transcript');
    const shown = Number(list.dataset.count);
    let added;
    if (list.dataset.conversationId === c.conversationId && shown <= c.entries.length) {
      added = transcriptItems(c.entries.slice(shown), c.entries);
      list.append(...added);
    } else {
      list.setAttribute('aria-busy', 'true');
      added = transcriptItems(c.entries);
      fill(list, added);
      list.scrollTop = 0;
      list.setAttribute('aria-busy', 'false');
    }
    Object.assign(list.dataset, { conversationId: c.conversationId, count: String(c.entries.length) });
    showLiveParts(list, c.entries);
    if (added.length) reveal(list, added[0]);
  }

  function reveal(list, first) {
    const top = first.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop - 6;
    list.scrollTop = Math.max(0, Math.min(list.scrollHeight - list.clientHeight, top));
  }

  function render(c) {
    byId('no-conversation').hidden = Boolean(c);
    byId('conversation').hidden = !c;
    if (!c) return;
    const live = c.status !== 'CLOSED' && Boolean(c.activeSessionId);
    const joined = c.agents.some((a) => a.displayName === presence.name);
    fill(
      byId('conversation-facts'),
      definitionList({ Customer: c.endUserDisplayName, Status: statusOf(c), Queue: c.queue, Rep: c.assignedRep ?? c.agents.map((a) => `${a.displayName}${a.role === 'Chatbot' ? ' (bot)' : ''}`).join(', '), Started: clockTime(c.startTimestamp), 'Conversation ID': c.conversationId }, { class: 'facts' }),
    );
    fill(byId('routing-attributes'), definitionList(attributePairs(c.routingAttributes, c.unmappedAttributes), { class: 'attributes' }));
    renderTranscript(c);
    fill(byId('journal').tBodies[0], journalRows(c.journal));
    byId('accept').disabled = !live || joined;
    for (const id of ['typing', 'end-session']) byId(id).disabled = !live;
    for (const form of ['reply-form', 'transfer-form']) for (const control of byId(form).elements) control.disabled = !live;
    composer.setEnabled(live);
  }

  // Typing indicators are not stored (stream-only), so the live feed's notice is all there is; one
  // that never gets its "stopped" (a closed tab) fades out on its own.
  let typingTimer;
  const showCustomerTyping = (on) => {
    clearTimeout(typingTimer);
    byId('customer-typing').hidden = !on;
    if (on) typingTimer = setTimeout(() => showCustomerTyping(false), CUSTOMER_TYPING_TIMEOUT_MS);
  };

  return {
    /** A live-feed entry notice for the shown conversation: the customer started or stopped typing, or sent something. */
    customerActivity(entryType) {
      showCustomerTyping(entryType === 'TypingStartedIndicator');
    },
    get selectedId() {
      return current?.conversationId ?? null;
    },
    /** Show a conversation (or none), fetching it fresh. */
    async show(id) {
      const n = ++seq;
      if (!id) {
        current = null;
        render(null);
        return;
      }
      if (current?.conversationId !== id) {
        typing = false;
        showCustomerTyping(false);
      }
      try {
        const c = await get(`/conversations/${id}`);
        if (n !== seq) return;
        current = c;
        render(c);
      } catch (err) {
        if (n !== seq) return;
        current = null;
        render(null);
        if (err.status !== 404) onError(err); // gone after a reset or a restart
      }
    },
    setQueues(names) {
      const select = byId('transfer-queue');
      const chosen = select.value;
      fill(select, names.map((name) => new Option(name, name)));
      if (names.includes(chosen)) select.value = chosen;
    },
  };
}
