import { get, post } from '/console/lib/api.js';
import { byId, el, showError } from '/console/lib/dom.js';
import { LIVE_LABELS, followLive } from '/console/lib/live.js';
import { botAnswer, summarize } from './bot.js';
import { NOT_ESCALATED, caseOpened, failureText, renderForgotten, renderHandoffPanel } from './handoffPanel.js';
import { createWebChat } from './webChat.js';

/**
 * The customer's side: a chat with the stand-in bot, then "Escalate", which asks the simulator to
 * run the real handoff client (POST /__sim/v1/widget/handoffs). The live feed says when the handoff
 * moved; the page re-fetches it and shows new steps and rep events.
 */
const history = [];
let handoff = null;
let shownEvents = 0;
let seq = 0;
/** The rep (or Salesforce bot) in the chat, if any, and whether a bot was there before them. */
let rep = null;
let botWasHere = false;

const BOT_ROLE = 'Chatbot';
const botBadge = () => el('span', { class: 'bot-badge' }, 'bot');

/** One chat line; `attrs` marks a rep message with its entry id (web chat gives it a rich body). */
function say(kind, who, text, attrs = {}, badge = null) {
  const list = byId('messages');
  const item = el('li', { class: `bubble from-${kind}`, ...attrs }, who ? el('span', { class: 'who' }, who, badge ? ' ' : null, badge) : null, el('span', { class: 'body' }, text));
  list.append(item);
  list.scrollTop = list.scrollHeight;
  return item;
}
const webChat = createWebChat({ say });

function participant(event) {
  const bot = event.role === BOT_ROLE;
  const name = bot ? `${event.name} (bot)` : event.name;
  if (event.operation !== 'joined') {
    rep = null;
    return say('system', '', `${name} left the chat`);
  }
  rep = name;
  if (bot) botWasHere = true;
  else if (botWasHere) {
    botWasHere = false; // said once, at the handover
    return say('system', '', `You are now talking to a person: ${name} joined the chat`);
  }
  return say('system', '', `${name} joined the chat`);
}

/** One rep event in the chat; progress, receipts and partial replies have no bubble (`webChat` shows progress). */
function showEvent(event) {
  const typing = byId('typing-indicator');
  switch (event.type) {
    case 'message': {
      typing.textContent = '';
      const bot = event.senderRole === BOT_ROLE;
      return say(bot ? 'sfbot' : 'rep', event.senderName, event.text, { 'data-entry-id': event.entryId }, bot ? botBadge() : null);
    }
    case 'typing':
      typing.textContent = event.isTyping ? `${event.senderName} is typing…` : '';
      return undefined;
    case 'participant':
      return participant(event);
    case 'session-ended':
      typing.textContent = '';
      rep = null;
      return say('system', '', 'The chat has ended.');
    case 'conversation-closed':
      rep = null;
      return say('system', '', 'The conversation was closed.');
    default:
      return undefined;
  }
}

/** The chat heading follows the handoff: the bot, waiting (also after a transfer), the rep by name, ended. */
function talkingTo(status) {
  if (status === 'failed' || status === 'case-opened') return 'with the AI assistant';
  if (status === 'ended') return 'ended';
  return rep ? `with ${rep}` : 'waiting for a rep';
}

function render(view) {
  renderHandoffPanel(view);
  for (const event of view.events.slice(shownEvents)) showEvent(event);
  shownEvents = view.events.length;
  webChat.render(view);
  byId('talking-to').textContent = talkingTo(view.status);
  byId('escalate').disabled = view.status === 'starting' || view.status === 'live';
  byId('message-form').querySelector('button').disabled = view.status === 'starting';
  if (view.status === 'failed') {
    handoff = null; // back to the bot; Escalate tries again
    say('system', '', `${failureText(view)} The AI assistant is here in the meantime.`);
  } else if (view.status === 'case-opened') {
    handoff = null; // the rep answers by email; the bot stays here
    say('system', '', caseOpened(view.case));
  }
}

async function refreshHandoff() {
  if (!handoff) return;
  const n = ++seq;
  try {
    const view = await get(`/widget/handoffs/${handoff.id}`);
    if (n === seq) render(view);
  } catch (err) {
    if (err.status !== 404) return showError(err.message);
    handoff = null;
    rep = null;
    renderForgotten();
    byId('escalate').disabled = false;
  }
  return undefined;
}

byId('message-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const box = byId('message');
  const text = box.value.trim();
  if (!text) return;
  box.value = '';
  say('customer', 'Me', text);
  if (handoff) {
    await post(`/widget/handoffs/${handoff.id}/messages`, { text }).catch((err) => showError(err.message));
    return;
  }
  history.push({ speaker: 'customer', text, at: Date.now() });
  const answer = botAnswer(text);
  setTimeout(() => {
    history.push({ speaker: 'bot', text: answer, at: Date.now() });
    say('bot', 'AI assistant', answer);
  }, 300);
});

byId('escalate-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const f = event.target.elements;
  const customerName = f.customerName.value.trim() || 'Customer';
  byId('escalate').disabled = true;
  try {
    const email = f.customerEmail.value.trim();
    const view = await post('/widget/handoffs', { channel: f.channel.value, language: f.language.value, customerName, ...(email ? { customerEmail: email } : {}), history, summary: summarize(customerName, history) });
    handoff = { id: view.id };
    shownEvents = 0;
    rep = null;
    botWasHere = false;
    say('system', '', view.channel === 'email' ? 'Opening a support case…' : 'Connecting you to a person…');
    render(view);
    void refreshHandoff();
  } catch (err) {
    byId('escalate').disabled = false;
    showError(err.message);
  }
});

say('bot', 'AI assistant', 'Hi! I am the AI assistant. How can I help?');
byId('handoff-status').textContent = NOT_ESCALATED;

followLive({
  onMessage(m) {
    if (m.type === 'hello' || (m.type === 'widget' && m.handoffId === handoff?.id) || m.type === 'reset') void refreshHandoff();
  },
  onState(state) {
    const badge = byId('connection');
    badge.dataset.state = state;
    badge.textContent = LIVE_LABELS[state];
  },
});
