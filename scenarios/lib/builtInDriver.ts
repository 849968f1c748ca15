import { generateKeyPairSync } from 'node:crypto';
import { createHandoffClient, HandoffError, type Handoff, type StepReport } from '../../client/index.ts';
import type { RunningSimulator, SimClock } from '../../simulator/index.ts';
import { waitUntil } from './controlApi.ts';
import type { ClientDriver } from './clientDriver.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { Observed } from './observed.ts';
import { scenarioSession } from './scenarioSession.ts';

/**
 * The built-in handoff client as a scenario's client: instant retry sleeps, recorded through its
 * step reports; what reaches the customer's channel goes to `observed.sink`.
 */
export function builtInDriver(sim: RunningSimulator, scenario: LoadedScenario, observed: Observed, clock: SimClock): ClientDriver {
  const now = scenario.client.clock === 'simulator' ? { now: () => clock.now() } : {};
  const client = createHandoffClient(clientConfig(sim, scenario), { ...now, sleep: async () => {}, random: () => 0.5, stream: { reconnectBaseMs: 5, maxReconnects: 5 } });
  const handoffs: Handoff[] = [];
  /** The latest conversation, or the nth the client created (from 1). */
  const handoff = (nth?: number) => {
    const chosen = nth === undefined ? observed.handoff : handoffs[nth - 1];
    if (!chosen) throw new Error(nth === undefined ? 'no conversation: the handoff did not complete' : `no conversation ${nth}: the client handed off ${handoffs.length}`);
    return chosen;
  };
  return {
    async handoff(spec) {
      const session = scenarioSession(spec);
      try {
        const onStep = (r: StepReport) => observed.steps.push(r);
        // Channel email, or settings sending any session to an Email Case (outside office hours: "email-case"), gives a case.
        const result = await client.handoff(session, { deliver: (e) => void observed.sink.push(e) }, { onStep });
        if (result.kind === 'email-case') observed.emailCase = result;
        else handoffs.push((observed.handoff = result));
        observed.outcome = 'completed';
      } catch (err) {
        observed.outcome = 'failed';
        observed.error = err instanceof HandoffError ? { class: err.name, status: err.status, hint: err.hint, message: err.message } : { class: 'Error', hint: '', message: String(err) };
      }
    },
    async conversationPath(nth) {
      return `/conversations/${handoff(nth).conversationId}`;
    },
    async customerSays(text, nth) {
      await handoff(nth).sendCustomerMessage(text);
    },
    async customerAnswers(answer, nth) {
      const live = handoff(nth);
      await ('form' in answer ? live.answerForm(answer.form) : live.answer(answer.option));
    },
    async customerSendsFile(file, nth) {
      await handoff(nth).sendFile(file);
    },
    async customerReads() {
      const live = handoff();
      for (const e of observed.sink) if (e.type === 'message') live.markRead(e.entryId);
    },
    disconnect: () => client.disconnect(),
    async finish() {
      const expectedMessages = scenario.expect.sink?.messages?.length ?? 0;
      await waitUntil(() => observed.sink.filter((e) => e.type === 'message').length >= expectedMessages, 10_000);
      await new Promise((r) => setTimeout(r, 50)); // let a duplicate, if any, arrive
      await observed.handoff?.flushReceipts();
    },
    close: () => handoffs.forEach((h) => h.stream.close()),
  };
}

function clientConfig(sim: RunningSimulator, scenario: LoadedScenario) {
  const { signingKey, emailCaseSigningKey, retry, clock: _clock, ...overrides } = scenario.client;
  const config: Record<string, unknown> = { ...sim.clientConfig, ...overrides, retry: { baseDelayMs: 500, ...retry } };
  if (emailCaseSigningKey === 'unregistered') {
    // The connected app's certificate is another key's: the "wrong certificate" of a JWT bearer grant.
    const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    config.emailCase = { ...sim.clientConfig.emailCase, privateKeyPem };
  }
  if (signingKey === 'unregistered') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    config.authPublicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' });
    config.authPrivateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
  }
  return config;
}
