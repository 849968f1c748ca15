import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { PROVIDER } from '../contract.ts';
import { ContractSession, simVerifier } from './contractSession.ts';
import { PACTS, pactFiles, pactFilesFor } from './pactFiles.ts';
import { tokenFilter } from './requestFilter.ts';
import { simMessageProviders } from './simEvents.ts';
import { simStateHandlers } from './simStates.ts';

describe('contract: the simulator honours the handoff client\'s MIAW pact (Pact provider salesforce-miaw)', () => {
  let sim: RunningSimulator;
  const logs: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1', log: (line) => logs.push(line) });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('finds each interaction once in the pacts (a duplicate means Pact merged a test\'s interactions badly)', () => {
    for (const file of pactFiles()) {
      const { interactions } = JSON.parse(readFileSync(file, 'utf8')) as { interactions: Array<{ description: string; providerStates?: Array<{ name: string }> }> };
      const keys = interactions.map((i) => [i.description, ...(i.providerStates ?? []).map((s) => s.name)].join(' | '));
      expect(keys.filter((key, index) => keys.indexOf(key) !== index), file).toEqual([]);
    }
  });

  it('verifies every HTTP interaction and event-stream message against the simulator', async () => {
    const files = pactFilesFor(PROVIDER);
    expect(files.length, `no ${PROVIDER} pact in ${PACTS}: run the consumer tests (npm run contracts)`).toBeGreaterThan(0);
    const session = new ContractSession({
      url: sim.url,
      orgId: sim.orgId,
      esDeveloperName: sim.esDeveloperName,
      issuer: sim.issuer,
      privateKeyPem: sim.privateKeyPem,
      kid: sim.kid,
      subject: 'contract-customer-1',
    });
    const verifier = simVerifier(sim, PROVIDER, files, () => session.clear(), {
      stateHandlers: simStateHandlers(sim, session),
      messageProviders: simMessageProviders(sim, session),
      requestFilter: tokenFilter(session),
    });
    await verifier.verifyProvider();
  }, 60_000);
});
