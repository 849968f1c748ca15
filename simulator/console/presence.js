import { api, get, post } from './lib/api.js';
import { byId } from './lib/dom.js';

/** The rep this console acts as is named by the person using it: customers see that name. */
const DEFAULT_NAME = 'Sam Rivera';
const STORED_NAME = 'miaw-sim.repName';

/**
 * The console's rep: the name field (kept in this browser) and the presence select ("not signed
 * in" when there is no such rep). Changing the presence creates the rep (in every queue), sets its
 * presence, or removes it; the name is fixed while the rep exists. Without any rep configured the
 * simulator lets the console act under that name without creating one.
 */
export function createPresence({ onError }) {
  const select = byId('presence');
  const nameInput = byId('rep-name');
  let reps = [];
  let myName = localStorage.getItem(STORED_NAME)?.trim() || DEFAULT_NAME;
  nameInput.value = myName;

  const mine = () => reps.find((r) => r.name === myName);

  const takeName = () => {
    const typed = nameInput.value.trim().replace(/\s+/g, ' ');
    if (typed) {
      myName = typed;
      localStorage.setItem(STORED_NAME, typed);
    }
    nameInput.value = myName;
  };
  nameInput.addEventListener('change', takeName);
  byId('presence-form').addEventListener('submit', (event) => {
    event.preventDefault(); // Enter in the name field: keep the page
    takeName();
  });

  /** Create the rep in every queue; false when it existed already (another tab made it). */
  async function create(presence) {
    const { queues } = await get('/queues');
    try {
      await post('/reps', { name: myName, queues: queues.map((q) => q.name), presence, capacity: 5 });
      reps = [...reps, { name: myName, presence }];
      return true;
    } catch (err) {
      if (err.status !== 409) throw err;
      return false;
    }
  }

  select.addEventListener('change', async () => {
    const presence = select.value;
    const path = `/reps/${encodeURIComponent(myName)}`;
    try {
      if (!presence) await api('DELETE', path);
      else if (mine()) await api('PATCH', path, { presence });
      else if (!(await create(presence))) await api('PATCH', path, { presence });
    } catch (err) {
      onError(err);
    }
  });

  return {
    render(list) {
      reps = list;
      select.value = mine()?.presence ?? '';
      nameInput.disabled = Boolean(mine());
      nameInput.title = mine() ? 'Sign out ("not signed in") to change your name.' : 'The name customers see when you join and reply.';
    },
    /** The name the rep's actions are done under. */
    get name() {
      return myName;
    },
    /** Before acting on a conversation: when other reps are configured, this one must be one too (Away, so no work is pushed to it). */
    async ensureRep() {
      if (reps.length && !mine()) await create('Away');
    },
  };
}
