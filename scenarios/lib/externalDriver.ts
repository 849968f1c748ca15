import type { RunningSimulator } from '../../simulator/index.ts';
import { control } from './controlApi.ts';
import { DEFAULT_CLIENT_TIMEOUT_MS, startExternalClient, type ExternalClient } from './externalClient.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { Observed } from './observed.ts';
import type { ClientDriver } from './clientDriver.ts';
import { scenarioSession } from './scenarioSession.ts';

/**
 * An external command as a scenario's client: the `handoff` step starts it; the rep steps act on
 * the first conversation the simulator records (waiting for it while the command runs); the run
 * waits for it to exit. Its verdict is its exit code (`handoff.outcome` completed: exit code 0).
 */
export function externalDriver(sim: RunningSimulator, scenario: LoadedScenario, observed: Observed): ClientDriver {
  const builtInOnly = (step: string) => async () => {
    throw new Error(`${step} needs the built-in client`);
  };
  let client: ExternalClient | undefined;
  const timeoutMs = scenario.client.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
  return {
    async handoff(spec) {
      client = startExternalClient(sim, scenario, scenarioSession(spec));
    },
    async conversationPath(nth = 1) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const chosen = ((await control(sim, 'GET', '/conversations')).conversations as Array<{ conversationId: string }>)[nth - 1];
        if (chosen) return `/conversations/${chosen.conversationId}`;
        if (!client || client.hasExited() || Date.now() > deadline) throw new Error(`no conversation${nth > 1 ? ` ${nth}` : ''}: the client ${!client ? 'has not been started (add a handoff step before this one)' : client.hasExited() ? 'exited without creating one' : `created none within ${timeoutMs} ms`}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    customerSays: builtInOnly('customerSays'),
    customerAnswers: builtInOnly('customerAnswers'),
    customerSendsFile: builtInOnly('customerSendsFile'),
    customerReads: builtInOnly('customerReads'),
    disconnect: builtInOnly('disconnect'),
    async finish() {
      if (!client) return;
      observed.client = await client.finished;
      observed.outcome = observed.client.exitCode === 0 ? 'completed' : 'failed';
      if (observed.client.timedOut) observed.problems.push(`the client command was killed after ${timeoutMs} ms (client.timeoutMs)`);
    },
    close() {},
  };
}
