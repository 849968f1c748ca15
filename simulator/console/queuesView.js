import { byId, el, fill } from './lib/dom.js';

const SHOWN_ATTRIBUTES = ['Channel', 'Chat_language', 'Priority', 'Origin', 'Chat_Consumer_Type'];

export const statusOf = (c) => (c.status === 'CLOSED' ? 'Closed' : (c.sessionStatus ?? 'No session'));

/** The left column: each queue with its conversations (oldest first), and the reps with their load (`me`: this console's rep). */
export function renderQueues({ queues, conversations, reps, me, selectedId, showClosed, onSelect }) {
  const holder = new Map(reps.flatMap((r) => r.conversations.map((id) => [id, r.name])));
  const shown = conversations.filter((c) => showClosed || c.status !== 'CLOSED').sort((a, b) => a.startTimestamp - b.startTimestamp);
  const groups = queues.map((q) => ({ name: q.name, meta: `${q.open ? 'open' : 'closed (office hours)'} · ${q.waiting.length} waiting`, items: shown.filter((c) => c.queue === q.name) }));
  const unrouted = shown.filter((c) => !queues.some((q) => q.name === c.queue));
  if (unrouted.length) groups.push({ name: 'Not in a queue', meta: '', items: unrouted });

  const item = (c) => {
    const attributes = SHOWN_ATTRIBUTES.filter((name) => c.routingAttributes[name]).map((name) => el('span', { class: 'tag' }, `${name}: ${c.routingAttributes[name]}`));
    const rep = holder.get(c.conversationId);
    return el(
      'li',
      {},
      el(
        'button',
        { type: 'button', class: 'conversation-item', 'data-conversation-id': c.conversationId, 'aria-current': c.conversationId === selectedId ? 'true' : undefined, onclick: () => onSelect(c.conversationId) },
        el('span', { class: 'who' }, c.endUserDisplayName || 'Customer'),
        el('span', { class: `status status-${statusOf(c).toLowerCase().replace(/\s+/g, '-')}` }, statusOf(c)),
        rep ? el('span', { class: 'muted' }, c.sessionStatus === 'Waiting' ? `offered to ${rep}` : `with ${rep}`) : null,
        el('span', { class: 'tags' }, attributes),
      ),
    );
  };

  fill(
    byId('queues'),
    groups.map((g) =>
      el('section', { class: 'queue', 'data-queue': g.name }, el('h3', {}, g.name, ' ', el('small', { class: 'muted' }, g.meta)), g.items.length ? el('ul', { class: 'plain' }, g.items.map(item)) : el('p', { class: 'muted' }, 'No conversations.')),
    ),
  );
  fill(
    byId('reps'),
    reps.length
      ? reps.map((r) => el('li', {}, el('strong', {}, r.name), r.bot ? [' ', el('span', { class: 'bot-badge' }, 'bot')] : null, r.name === me ? ' (you)' : '', ` · ${r.presence} · ${r.load}/${r.capacity}${r.scripted ? ' · scripted' : ''} · ${r.queues.join(', ')}`))
      : el('li', { class: 'muted' }, 'No reps configured: work waits in its queue for whoever accepts it here.'),
  );
}
