import { api, get, post } from './lib/api.js';
import { byId, el, fieldsFollow, fill } from './lib/dom.js';

const number = (value) => (value === '' ? undefined : Number(value));

function describeAction(a) {
  switch (a.type) {
    case 'status':
      return `answer ${a.status}${a.retryAfterSeconds !== undefined ? ` (Retry-After ${a.retryAfterSeconds} s)` : ''}`;
    case 'delay':
      return `delay ${a.ms} ms`;
    case 'drop-stream':
    case 'cut-stream':
      return `${a.type} after ${a.afterEvents ?? 0} event(s)`;
    default:
      return a.type;
  }
}

/** The right column: apply a fault from the closed vocabulary, list the rules in force, remove them. */
export function createFaultsPanel({ onError }) {
  const form = byId('fault-form');
  fieldsFollow(form, form.elements.type);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = form.elements;
    const type = f.type.value;
    const action = { type };
    if (type === 'status') Object.assign(action, { status: Number(f.status.value), retryAfterSeconds: number(f.retryAfterSeconds.value) });
    if (type === 'delay') action.ms = number(f.ms.value);
    if (type === 'drop-stream' || type === 'cut-stream') action.afterEvents = number(f.afterEvents.value);
    const match = { path: f.path.value.trim(), ...(f.method.value ? { method: f.method.value } : {}) };
    try {
      const chance = { probability: number(f.probability.value), seed: number(f.seed.value) };
      await post('/faults', { match, action, ...(f.times.value ? { times: Number(f.times.value) } : {}), ...chance });
    } catch (err) {
      onError(err);
    }
  });

  byId('clear-faults').addEventListener('click', () => api('DELETE', '/faults').catch(onError));

  let seq = 0;
  return {
    async load() {
      const n = ++seq;
      const { rules } = await get('/faults');
      if (n !== seq) return; // a newer load is under way
      fill(
        byId('faults'),
        rules.length
          ? rules.map((r) =>
              el(
                'li',
                { class: 'fault', 'data-rule-id': r.id },
                el('code', {}, `${r.match.method ?? 'any'} ${r.match.path}`),
                ` → ${describeAction(r.action)}${r.probability === undefined ? '' : ` · probability ${r.probability} (seed ${r.seed})`} · served ${r.served} · ${r.remaining === null ? 'no limit' : `${r.remaining} left`} `,
                el('button', { type: 'button', class: 'small', 'aria-label': `Remove fault ${r.id}`, onclick: () => api('DELETE', `/faults/${r.id}`).catch(onError) }, 'Remove'),
              ),
            )
          : el('li', { class: 'muted' }, 'No faults: every request is served normally.'),
      );
      byId('clear-faults').disabled = rules.length === 0;
    },
  };
}
