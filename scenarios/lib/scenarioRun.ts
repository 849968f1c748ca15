import { generateKeyPairSync } from 'node:crypto';
import { createHandoffClient, HandoffError, type EmailCaseHandoff, type Handoff, type RepEvent, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { Step } from './steps.ts';

/** The parts of the control API's answers a scenario looks at. */
export interface JournalLine {
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  fault?: string;
}
export interface RecordedConversation {
  status: string;
  routingAttributes: Record<string, string>;
  unmappedAttributes?: string[];
  sessions: Array<{ queue?: string }>;
  entries: Array<{ identifier: string; entryType: string; sender: { role: string }; entryPayload: { failureType?: string } }>;
}

export interface RecordedCase {
  emails: Array<{ Incoming: boolean }>;
}

/** Everything a scenario run saw, for the expectations and the report. */
export interface Observed {
  outcome: 'completed' | 'failed' | 'not-run';
  error?: { class: string; status?: number; hint: string; message: string };
  steps: StepReport[];
  handoff?: Handoff;
  /** What an email handoff gave back (an Email Case instead of a conversation). */
  emailCase?: EmailCaseHandoff;
  /** The Email Cases the simulator holds, with their emails. */
  cases: RecordedCase[];
  sink: RepEvent[];
  recorded?: RecordedConversation;
  conversations: unknown[];
  journal: JournalLine[];
  problems: string[];
}

const waitUntil = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return check();
};

/**
 * Run one scenario: a fresh in-process simulator set up as the file says, the real handoff client
 * (instant retry sleeps, recorded through its step reports), the steps in order; then collect
 * what the client saw and what the simulator recorded.
 */
export async function runScenario(scenario: LoadedScenario): Promise<Observed> {
  const sim = await startSimulator({ ...scenario.simulator.options, log: () => {} });
  const observed: Observed = { outcome: 'not-run', steps: [], sink: [], conversations: [], cases: [], journal: [], problems: [] };
  try {
    await setUp(sim, scenario);
    const client = createHandoffClient(clientConfig(sim, scenario), { sleep: async () => {}, random: () => 0.5, stream: { reconnectBaseMs: 5, maxReconnects: 5 } });
    for (const [i, step] of scenario.parsedSteps.entries()) {
      try {
        await runStep(sim, client, step, observed);
      } catch (err) {
        observed.problems.push(`step ${i} (${step.kind}) could not run: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const expectedMessages = scenario.expect.sink?.messages?.length ?? 0;
    await waitUntil(() => observed.sink.filter((e) => e.type === 'message').length >= expectedMessages, 10_000);
    await new Promise((r) => setTimeout(r, 50)); // let a duplicate, if any, arrive
    observed.conversations = (await control(sim, 'GET', '/conversations')).conversations;
    observed.cases = (await control(sim, 'GET', '/cases')).cases;
    observed.journal = (await control(sim, 'GET', '/journal')).requests;
    // The handed-off conversation, or the only one recorded when the handoff failed after creating it.
    const only = observed.conversations.length === 1 ? (observed.conversations[0] as { conversationId: string }).conversationId : undefined;
    const recordedId = observed.handoff?.conversationId ?? only;
    if (recordedId) observed.recorded = await control(sim, 'GET', `/conversations/${recordedId}`);
  } finally {
    observed.handoff?.stream.close();
    await sim.stop();
  }
  return observed;
}

async function setUp(sim: RunningSimulator, scenario: LoadedScenario): Promise<void> {
  const { deployments, routing, reps, faults } = scenario.simulator;
  for (const [i, deployment] of (deployments ?? []).entries()) await control(sim, 'POST', `/orgs/${sim.orgId}/deployments`, deployment, `simulator.deployments.${i}`);
  if (routing) await control(sim, 'PUT', '/routing', routing, 'simulator.routing');
  for (const [i, rep] of (reps ?? []).entries()) await control(sim, 'POST', '/reps', rep, `simulator.reps.${i}`);
  for (const [i, fault] of (faults ?? []).entries()) await control(sim, 'POST', '/faults', fault, `simulator.faults.${i}`);
}

function clientConfig(sim: RunningSimulator, scenario: LoadedScenario) {
  const { signingKey, emailCaseSigningKey, retry, ...overrides } = scenario.client;
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

async function runStep(sim: RunningSimulator, client: ReturnType<typeof createHandoffClient>, step: Step, observed: Observed): Promise<void> {
  const conversation = () => {
    if (!observed.handoff) throw new Error('no conversation: the handoff did not complete');
    return `/conversations/${observed.handoff.conversationId}`;
  };
  switch (step.kind) {
    case 'handoff': {
      const session = fakeSession({ ...step.value, seed: step.value.seed ?? 1 });
      if (step.value.priority) session.priority = step.value.priority;
      try {
        const onStep = (r: StepReport) => observed.steps.push(r);
        if (session.channel === 'email') observed.emailCase = await client.openCase(session, { onStep });
        else observed.handoff = await client.handoff(session, { deliver: (e) => void observed.sink.push(e) }, { onStep });
        observed.outcome = 'completed';
      } catch (err) {
        observed.outcome = 'failed';
        observed.error = err instanceof HandoffError ? { class: err.name, status: err.status, hint: err.hint, message: err.message } : { class: 'Error', hint: '', message: String(err) };
      }
      return;
    }
    case 'repSays':
      return void (await control(sim, 'POST', `${conversation()}/messages`, { text: step.value.text, ...(step.value.rep ? { repName: step.value.rep } : {}) }));
    case 'rep': {
      const repName = step.value.rep ? { repName: step.value.rep } : {};
      const { action } = step.value;
      if (action === 'typing' || action === 'stop-typing') return void (await control(sim, 'POST', `${conversation()}/typing`, { isTyping: action === 'typing', ...repName }));
      return void (await control(sim, 'POST', `${conversation()}/${action}`, repName));
    }
    case 'transfer':
      return void (await control(sim, 'POST', `${conversation()}/transfer`, step.value));
    case 'customerSays':
      conversation();
      return void (await observed.handoff!.sendCustomerMessage(step.value));
    case 'advanceClock':
      return void (await control(sim, 'POST', '/clock/advance', step.value));
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

/** A control API call; a refusal names the scenario field it came from. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- control API JSON, narrowed by the callers
async function control(sim: RunningSimulator, method: string, path: string, body?: unknown, field?: string): Promise<any> {
  const res = await fetch(`${sim.url}/__sim/v1${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${field ? `${field}: ` : ''}${method} /__sim/v1${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
