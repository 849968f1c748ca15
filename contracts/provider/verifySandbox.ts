/**
 * `npm run contracts:sandbox`: the same pacts against a real Salesforce sandbox, named by the
 * `MIAW_SANDBOX_*` variables (README, "Contracts"). A command of its own rather than a skipped
 * test: it never runs in `npm test` or CI, and says what is missing when it cannot run.
 */
import { rmSync } from 'node:fs';
import { Verifier } from '@pact-foundation/pact';
import { PACT_FILE, PACT_LOG_LEVEL, PROVIDER } from '../contract.ts';
import { ContractSession } from './contractSession.ts';
import { tokenFilter } from './requestFilter.ts';
import { sandboxFromEnv, sandboxPact, sandboxStateHandlers } from './sandbox.ts';

const sandbox = sandboxFromEnv();
if ('skip' in sandbox) {
  console.error(`[contracts] Sandbox verification not run: ${sandbox.skip}`);
  process.exit(1);
}
const session = new ContractSession(sandbox.target);
const { file, left } = sandboxPact(PACT_FILE);
console.log(`[contracts] Verifying against ${sandbox.target.url}; left out (need a rep or an outage): ${left.join('; ')}`);
try {
  await new Verifier({
    provider: PROVIDER,
    providerBaseUrl: sandbox.target.url,
    pactUrls: [file],
    logLevel: PACT_LOG_LEVEL,
    beforeEach: async () => session.clear(),
    stateHandlers: sandboxStateHandlers(session),
    requestFilter: tokenFilter(session),
  }).verifyProvider();
  console.log('[contracts] The sandbox honours the pacts.');
} catch (err) {
  console.error(`[contracts] The sandbox does not honour the pacts: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(file, { force: true });
}
