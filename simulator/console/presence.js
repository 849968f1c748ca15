import { api, get, post } from './lib/api.js';
import { byId } from './lib/dom.js';

/** The human rep this console acts as. */
export const ME = 'You';

/**
 * The rep "You": the presence select shows it ("not signed in" when there is no such rep) and
 * changing it creates the rep (in every queue), sets its presence, or removes it. Without any rep
 * configured the simulator lets the console act as "You" without creating one.
 */
export function createPresence({ onError }) {
  const select = byId('presence');
  let reps = [];

  const mine = () => reps.find((r) => r.name === ME);

  /** Create "You" in every queue; false when it existed already (another tab made it). */
  async function create(presence) {
    const { queues } = await get('/queues');
    try {
      await post('/reps', { name: ME, queues: queues.map((q) => q.name), presence, capacity: 5 });
      reps = [...reps, { name: ME, presence }];
      return true;
    } catch (err) {
      if (err.status !== 409) throw err;
      return false;
    }
  }

  select.addEventListener('change', async () => {
    const presence = select.value;
    try {
      if (!presence) await api('DELETE', `/reps/${ME}`);
      else if (mine()) await api('PATCH', `/reps/${ME}`, { presence });
      else if (!(await create(presence))) await api('PATCH', `/reps/${ME}`, { presence });
    } catch (err) {
      onError(err);
    }
  });

  return {
    render(list) {
      reps = list;
      select.value = mine()?.presence ?? '';
    },
    /** Before acting on a conversation: when other reps are configured, "You" must be one too (Away, so no work is pushed to it). */
    async ensureRep() {
      if (reps.length && !mine()) await create('Away');
    },
  };
}
