import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { REST_PROVIDER } from '../contract.ts';
import { simVerifier } from './contractSession.ts';
import { PACTS, pactFilesFor } from './pactFiles.ts';
import { restFilter } from './restFilter.ts';
import { certifiedKey, RestContractSession, type CertifiedKey } from './restSession.ts';
import { restStateHandlers } from './restStates.ts';

describe('contract: the simulator honours the handoff client\'s Email Case pact (Pact provider salesforce-rest)', () => {
  let sim: RunningSimulator;
  let keys: { signing: CertifiedKey; other: CertifiedKey };

  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1', log: () => {} });
    keys = { signing: await certifiedKey('contract key K'), other: await certifiedKey('another key') };
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('verifies the OAuth JWT bearer grant and the Case and EmailMessage REST interactions against the simulator', async () => {
    const files = pactFilesFor(REST_PROVIDER);
    expect(files.length, `no ${REST_PROVIDER} pact in ${PACTS}: run the consumer tests (npm run contracts)`).toBe(1);
    const session = new RestContractSession(sim.url, keys.signing);
    await simVerifier(sim, REST_PROVIDER, files, () => session.clear(), {
      stateHandlers: restStateHandlers(sim, session, keys.other),
      requestFilter: restFilter(session),
    }).verifyProvider();
  }, 60_000);
});
