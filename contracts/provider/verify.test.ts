import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { PACT_DIR, PACT_LOG_LEVEL, PROVIDER } from '../contract.ts';
import { ContractSession } from './contractSession.ts';
import { tokenFilter } from './requestFilter.ts';
import { simMessageProviders } from './simEvents.ts';
import { simStateHandlers } from './simStates.ts';

/** The pacts the consumer tests of this run wrote (contracts/.pacts-run/), or the committed ones in contracts/pacts/ when they are not part of the run. */
const PACTS = inject('pactRunDir') ?? PACT_DIR;
const pactFiles = () =>
  (existsSync(PACTS) ? readdirSync(PACTS) : [])
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(PACTS, name));

describe('contract: the simulator honours the handoff client pacts (Pact provider)', () => {
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
    const files = pactFiles();
    expect(files.length, `no pact in ${PACTS}: run the consumer tests (npm run contracts)`).toBeGreaterThan(0);
    const session = new ContractSession({
      url: sim.url,
      orgId: sim.orgId,
      esDeveloperName: sim.esDeveloperName,
      issuer: sim.issuer,
      privateKeyPem: sim.privateKeyPem,
      kid: sim.kid,
      subject: 'contract-customer-1',
    });
    const verifier = new Verifier({
      provider: PROVIDER,
      providerBaseUrl: sim.url,
      pactUrls: files,
      logLevel: PACT_LOG_LEVEL,
      beforeEach: async () => {
        session.clear();
        await session.call('POST', '/__sim/v1/reset');
      },
      stateHandlers: simStateHandlers(sim, session),
      messageProviders: simMessageProviders(sim, session),
      requestFilter: tokenFilter(session),
    });
    await verifier.verifyProvider();
  }, 60_000);
});
