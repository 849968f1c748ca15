import { get } from './lib/api.js';
import { byId, showError } from './lib/dom.js';
import { LIVE_LABELS, followLive } from './lib/live.js';
import { createCasesView } from './casesView.js';
import { createConversationView } from './conversationView.js';
import { createFaultsPanel } from './faultsPanel.js';
import { createPresence } from './presence.js';
import { renderQueues } from './queuesView.js';
import { setupSaveScenario } from './saveScenario.js';

/**
 * The rep console: queues, one conversation, faults, Email Cases. The live feed says what changed; the page
 * re-fetches that through the control API (coalesced, so a burst of notices costs one fetch each).
 */
const onError = (err) => showError(err instanceof Error ? err.message : String(err));
const presence = createPresence({ onError });
const conversation = createConversationView({ presence, onError });
const faults = createFaultsPanel({ onError });
const cases = createCasesView({ repName: () => presence.name, onError });
setupSaveScenario({ onError });
let showClosed = false;

let listsSeq = 0;
async function loadLists() {
  const n = ++listsSeq;
  const [{ conversations }, { queues }, { reps }] = await Promise.all([get('/conversations'), get('/queues'), get('/reps')]);
  if (n !== listsSeq) return; // a newer load is under way
  presence.render(reps);
  conversation.setQueues(queues.map((q) => q.name));
  renderQueues({ queues, conversations, reps, me: presence.name, selectedId: conversation.selectedId, showClosed, onSelect: select });
}

const loaders = { lists: loadLists, conversation: () => conversation.show(conversation.selectedId), faults: () => faults.load(), cases: () => cases.load() };
const pending = new Set();
let timer;
function refresh(...names) {
  for (const name of names) pending.add(name);
  timer ??= setTimeout(async () => {
    timer = undefined;
    const names = [...pending];
    pending.clear();
    await Promise.all(names.map((name) => loaders[name]().catch(onError)));
  }, 30);
}

function select(id) {
  showError('');
  void conversation.show(id).then(() => refresh('lists'));
}

byId('show-closed').addEventListener('change', (event) => {
  showClosed = event.target.checked;
  refresh('lists');
});

function onMessage(m) {
  const selected = conversation.selectedId;
  switch (m.type) {
    case 'hello':
    case 'reset':
      refresh('lists', 'conversation', 'faults', 'cases');
      break;
    case 'entry':
      if (m.conversationId === selected && m.senderRole === 'EndUser') conversation.customerActivity(m.entryType);
    // falls through: an entry also changes the lists and the open conversation
    case 'conversation':
      refresh('lists');
      if (m.conversationId === selected) refresh('conversation');
      break;
    case 'routing':
    case 'clock':
      refresh('lists', ...(selected ? ['conversation'] : []));
      break;
    case 'case':
      refresh('cases');
      break;
    case 'faults':
    case 'fault-served':
      refresh('faults');
      break;
    case 'journal':
      if (m.conversationId && m.conversationId === selected) refresh('conversation');
      if (m.fault) refresh('faults');
      break;
    default:
      break;
  }
}

followLive({
  onMessage,
  onState(state) {
    const badge = byId('connection');
    badge.dataset.state = state;
    badge.textContent = LIVE_LABELS[state];
    document.body.classList.toggle('offline', state !== 'live');
  },
});
