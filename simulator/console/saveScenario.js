import { get } from './lib/api.js';
import { byId, el } from './lib/dom.js';

/**
 * The header's "Save as scenario": the session the journal recorded, as a scenario file
 * (`GET /__sim/v1/scenario`), downloaded as `<name>.json`. A refusal (nothing handed off yet)
 * shows the simulator's own message.
 */
export function setupSaveScenario({ onError }) {
  const button = byId('save-scenario');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const scenario = await get('/scenario');
      const url = URL.createObjectURL(new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' }));
      const link = el('a', { href: url, download: `${scenario.name}.json` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      onError(err);
    } finally {
      button.disabled = false;
    }
  });
}
