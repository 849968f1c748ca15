import { describe, expect, it } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';
import { saveSession } from '../helpers/savedSession.ts';
import { call, useSim } from '../helpers/sim.ts';

const env = useSim();

/** A session in which the customer sends files is saved with customerSendsFile steps and endUserFiles expectations, and replays green. */
describe('a saved session with the files the customer sent', () => {
  it('records each upload as a customerSendsFile step (its size in zero bytes, its caption) and expects the files recorded', async () => {
    const client = createHandoffClient(configFor(env.sim), { sleep: async () => {} });
    const handoff = messaging(await client.handoff(fakeSession({ seed: 3 }), new RecordingSink()));
    // A lost response: the client retries under the same message id, the simulator records the file once.
    await call(env.sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'POST', path: '/iamessage/api/v2/conversation/*/file' }, action: { type: 'reset-after' }, times: 1 } });
    await handoff.sendFile({ name: 'receipt.pdf', mimeType: 'application/pdf', data: Buffer.from('%PDF-1.4 receipt'), text: 'my receipt' });
    await handoff.sendCustomerMessage('Can you see it?');
    await handoff.sendFile({ name: 'photo.png', mimeType: 'image/png', data: new Uint8Array(300) });
    await handoff.close();

    const { file, scenario } = await saveSession(env.sim);
    expect(scenario.steps.filter((s: object) => Object.hasOwn(s, 'customerSendsFile') || Object.hasOwn(s, 'customerSays'))).toEqual([
      { customerSendsFile: { name: 'receipt.pdf', mimeType: 'application/pdf', sizeBytes: 16, text: 'my receipt' } },
      { customerSays: 'Can you see it?' },
      { customerSendsFile: { name: 'photo.png', mimeType: 'image/png', sizeBytes: 300 } },
    ]);
    expect(scenario.expect.recorded.endUserFiles).toEqual([
      { name: 'receipt.pdf', mimeType: 'application/pdf', size: 16 },
      { name: 'photo.png', mimeType: 'image/png', size: 300 },
    ]);
    expect(scenario.troubleshooting).not.toMatch(/file/);

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });
});
