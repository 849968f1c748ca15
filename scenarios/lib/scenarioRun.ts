import { generateRsaKeyPair, SimClock, startSimulator, type PemKeyPair, type RunningSimulator } from '../../simulator/index.ts';
import { builtInDriver } from './builtInDriver.ts';
import { externalDriver } from './externalDriver.ts';
import type { ClientDriver } from './clientDriver.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import { untilNext } from './untilNext.ts';
import type { Step } from './steps.ts';
import type { Observed } from './observed.ts';
import { control, waitUntil } from './controlApi.ts';

let runKeyPair: Promise<PemKeyPair> | undefined;
/**
 * The simulators' key pair (the one the client signs identity tokens with), made once per process:
 * a 2048-bit RSA key takes 50 ms to seconds on a loaded machine, and each scenario starts its own
 * simulator. No scenario sees another's simulator, and the ones about a wrong key make that key fresh.
 */
const keyPairForRuns = () => (runKeyPair ??= generateRsaKeyPair());

/**
 * Run one scenario: a fresh in-process simulator set up as the file says, its client (the real
 * handoff client, or the scenario's external command), the steps in order; then collect what the
 * client saw and what the simulator recorded.
 */
export async function runScenario(scenario: LoadedScenario): Promise<Observed> {
  // With `client.clock: "simulator"` the built-in client reads the simulator's clock, so `advanceClock`
  // moves its time too (handoff settings' office hours); by default it keeps real time, like a separate machine.
  const clock = new SimClock();
  const sim = await startSimulator({ ...scenario.simulator.options, clock, keyPair: await keyPairForRuns(), log: () => {} });
  const observed: Observed = { outcome: 'not-run', steps: [], sink: [], conversations: [], cases: [], journal: [], problems: [] };
  const driver = (scenario.client.command ? externalDriver : builtInDriver)(sim, scenario, observed, clock);
  try {
    await setUp(sim, scenario);
    for (const [i, step] of scenario.parsedSteps.entries()) {
      try {
        await runStep(sim, driver, step, observed);
      } catch (err) {
        observed.problems.push(`step ${i} (${step.kind}) could not run: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await driver.finish();
    observed.conversations = (await control(sim, 'GET', '/conversations')).conversations;
    observed.cases = (await control(sim, 'GET', '/cases')).cases;
    observed.journal = (await control(sim, 'GET', '/journal')).requests;
    // The handed-off conversation, or the only one recorded when the handoff failed after creating it
    // (an external client: the first one it created).
    const first = scenario.client.command || observed.conversations.length === 1 ? (observed.conversations[0] as { conversationId: string } | undefined)?.conversationId : undefined;
    const recordedId = observed.handoff?.conversationId ?? first;
    if (recordedId) observed.recorded = await control(sim, 'GET', `/conversations/${recordedId}`);
    await readEach(sim, driver, scenario.expect.conversations?.length ?? 0, observed);
  } finally {
    driver.close();
    await sim.stop();
  }
  return observed;
}

/** The first `count` conversations the client created, as the simulator recorded them (for `expect.conversations`). */
async function readEach(sim: RunningSimulator, driver: ClientDriver, count: number, observed: Observed): Promise<void> {
  if (!count) return;
  observed.each = [];
  observed.eachMissing = [];
  for (let nth = 1; nth <= count; nth++) {
    try {
      observed.each.push(await control(sim, 'GET', await driver.conversationPath(nth)));
    } catch (err) {
      observed.each.push(undefined);
      observed.eachMissing[nth - 1] = err instanceof Error ? err.message : String(err);
    }
  }
}

async function setUp(sim: RunningSimulator, scenario: LoadedScenario): Promise<void> {
  const { deployments, routing, reps, faults } = scenario.simulator;
  for (const [i, deployment] of (deployments ?? []).entries()) await control(sim, 'POST', `/orgs/${sim.orgId}/deployments`, deployment, `simulator.deployments.${i}`);
  if (routing) await control(sim, 'PUT', '/routing', routing, 'simulator.routing');
  for (const [i, rep] of (reps ?? []).entries()) await control(sim, 'POST', '/reps', rep, `simulator.reps.${i}`);
  for (const [i, fault] of (faults ?? []).entries()) await control(sim, 'POST', '/faults', fault, `simulator.faults.${i}`);
}

async function runStep(sim: RunningSimulator, driver: ClientDriver, step: Step, observed: Observed): Promise<void> {
  const conversation = (nth?: number) => driver.conversationPath(nth);
  switch (step.kind) {
    case 'handoff':
      return driver.handoff(step.value);
    case 'repSays':
      return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/messages`, { text: step.value.text, ...(step.value.rep ? { repName: step.value.rep } : {}) }));
    case 'rep': {
      const repName = step.value.rep ? { repName: step.value.rep } : {};
      const { action } = step.value;
      if (action === 'typing' || action === 'stop-typing') return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/typing`, { isTyping: action === 'typing', ...repName }));
      return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/${action}`, repName));
    }
    case 'transfer':
      return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/transfer`, { queue: step.value.queue }));
    case 'customerSays':
      return typeof step.value === 'string' ? driver.customerSays(step.value) : driver.customerSays(step.value.text, step.value.conversation);
    case 'repSends':
      return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/messages`, { message: step.value.message, ...(step.value.rep ? { repName: step.value.rep } : {}) }));
    case 'repEvent':
      return void (await control(sim, 'POST', `${await conversation(step.value.conversation)}/events`, { event: step.value.event, ...(step.value.rep ? { repName: step.value.rep } : {}) }));
    case 'customerAnswers': {
      if (typeof step.value === 'string') return driver.customerAnswers({ option: step.value });
      const { option, form, conversation: nth } = step.value;
      return driver.customerAnswers(option === undefined ? { form: form ?? {} } : { option }, nth);
    }
    case 'customerSendsFile': {
      const { name, mimeType, data, sizeBytes, text, conversation: nth } = step.value;
      const bytes = data === undefined ? new Uint8Array(sizeBytes ?? 0) : Buffer.from(data, 'base64');
      return driver.customerSendsFile({ name, mimeType, data: bytes, ...(text === undefined ? {} : { text }) }, nth);
    }
    case 'customerReads':
      return driver.customerReads();
    case 'advanceClock':
      return void (await control(sim, 'POST', '/clock/advance', step.value));
    case 'advanceClockTo': {
      const { now } = await control(sim, 'GET', '/clock');
      return void (await control(sim, 'POST', '/clock/advance', { ms: untilNext(step.value, now) }));
    }
    case 'disconnect':
      return driver.disconnect();
    case 'expireAccessTokens':
      return void (await control(sim, 'POST', '/tokens/expire', {}));
    case 'setPresence':
      return void (await control(sim, 'PATCH', `/reps/${encodeURIComponent(step.value.rep)}`, { presence: step.value.presence }));
    case 'fault':
      return void (await control(sim, 'POST', '/faults', step.value));
    case 'clearFaults':
      return void (await control(sim, 'DELETE', '/faults'));
    case 'waitFor': {
      const { sinkMessages, event, timeoutMs = 10_000 } = step.value;
      const ok = await waitUntil(
        () => (sinkMessages === undefined || observed.sink.filter((e) => e.type === 'message').length >= sinkMessages) && (event === undefined || observed.sink.some((e) => e.type === event)),
        timeoutMs,
      );
      if (!ok) observed.problems.push(`waitFor ${JSON.stringify(step.value)} timed out after ${timeoutMs} ms`);
      return;
    }
  }
}
