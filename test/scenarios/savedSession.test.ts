import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { clientEnvironment } from '../../simulator/index.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';
import { RICH_MESSAGES } from '../helpers/richMessages.ts';
import { saveSession } from '../helpers/savedSession.ts';
import { call, useSim } from '../helpers/sim.ts';
import { tempDir } from '../helpers/tempDir.ts';

const env = useSim();
const run = promisify(execFile);
const EXAMPLE_CLIENT = join(import.meta.dirname, '../../examples/js-client/handoff.mjs');

/** Save the session through the control API and keep it as a file, as a user would. */
const save = (query = '') => saveSession(env.sim, query);

/** A case reproduced by hand: a fault on create, a scripted rep, a handoff, the customer and the rep write. */
/** A control API call that must succeed: its answer's body. */
async function control(method: string, path: string, body?: unknown) {
  const res = await call(env.sim, method, `/__sim/v1${path}`, { body });
  expect(res.status, res.text).toBeLessThan(300);
  return res.body;
}

/** Two conversations one client hands off (customers seeded 5 and 6), their rep side into one sink. */
async function twoConversations(sink: RecordingSink) {
  const client = createHandoffClient(configFor(env.sim), { sleep: async () => {} });
  const first = messaging(await client.handoff(fakeSession({ seed: 5 }), sink));
  const second = messaging(await client.handoff(fakeSession({ seed: 6, channel: 'web' }), sink));
  return [first, second] as const;
}
const REFUND_OR_REPLACEMENT = { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Refund or replacement?', optionItems: [{ titleItem: { title: 'Refund' } }, { titleItem: { title: 'Replacement' } }] } };

async function reproduceByHand(): Promise<void> {
  await control('PUT', '/routing', { queues: [{ name: 'Support' }], defaultQueue: 'Support' });
  await control('POST', '/reps', { name: 'Sam', queues: ['Support'], script: [{ accept: true }, { say: 'Hi, Sam here.' }, { replyWhen: { pattern: 'parcel', say: 'Let me look it up.' } }] });
  await control('POST', '/faults', { match: { method: 'POST', path: '/iamessage/api/v2/conversation' }, action: { type: 'status', status: 503 }, times: 1 });

  const sink = new RecordingSink();
  const client = createHandoffClient(configFor(env.sim), { sleep: async () => {} });
  const handoff = messaging(await client.handoff(fakeSession({ seed: 7, language: 'fr' }), sink));
  try {
    await sink.waitFor(() => sink.messages().length === 1);
    await handoff.sendCustomerMessage('Where is my parcel?');
    await sink.waitFor(() => sink.messages().length === 2);
    await control('POST', '/clock/advance', { seconds: 30 });
    await control('POST', `/conversations/${handoff.conversationId}/messages`, { text: 'It ships today.', repName: 'Sam' });
    await sink.waitFor(() => sink.messages().length === 3);
  } finally {
    // Awaited: the conversation's end (a DELETE) lands before the next test resets the simulator.
    await handoff.close();
  }
}

describe('GET /__sim/v1/scenario: a session saved as a scenario', () => {
  it('re-arms the faults, reps and routing, replays the steps, expects what was recorded, and replays green', async () => {
    await reproduceByHand();
    const { file, scenario } = await save();

    expect(scenario.name).toMatch(/^saved-session-\d{8}-\d{6}$/);
    expect(scenario.simulator).toEqual({
      routing: { queues: [{ name: 'Support' }], defaultQueue: 'Support' },
      reps: [expect.objectContaining({ name: 'Sam', queues: ['Support'], script: expect.any(Array) })],
      faults: [{ match: { method: 'POST', path: '/iamessage/api/v2/conversation' }, action: { type: 'status', status: 503 }, times: 1 }],
    });
    expect(scenario.steps).toEqual([
      { handoff: { channel: 'web', language: 'fr' } },
      { waitFor: { sinkMessages: 1 } },
      { customerSays: 'Where is my parcel?' },
      { waitFor: { sinkMessages: 2 } },
      { advanceClock: { seconds: 30 } },
      { repSays: { text: 'It ships today.', rep: 'Sam' } },
      { waitFor: { sinkMessages: 3 } },
    ]);
    expect(scenario.expect.handoff).toEqual({ outcome: 'completed' });
    expect(scenario.expect.recorded).toMatchObject({
      conversations: 1,
      routingAttributes: { Chat_language: 'fr', Channel: 'Web', Chat_Consumer_Type: 'Authenticated' },
      queue: 'Support',
      endUserMessages: [{ matches: '^AI summary:' }, 'Where is my parcel?'],
      repMessages: ['Hi, Sam here.', 'Let me look it up.', 'It ships today.'],
    });
    expect(scenario.expect.recorded.routingAttributes).not.toHaveProperty('OpencxSessionId');
    // The client closed the conversation at the end: no step does that, so its status is not expected, and the file says so.
    expect(scenario.expect.recorded).not.toHaveProperty('status');
    expect(scenario.troubleshooting).toMatch(/Not replayed: the end user closed conversation [0-9a-f-]{36} \(journal position \d+\): its status is not expected\.$/);
    expect(scenario.expect.journal).toEqual({ tokenExchanges: 1, messageStatuses: [202, 202], faultsServed: 1 });
    expect(JSON.stringify(scenario)).not.toMatch(/PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}/);

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('saves a rich rep message, a rep event and rep actions on an earlier conversation, and the replay re-creates them', async () => {
    const sink = new RecordingSink();
    const [first, second] = await twoConversations(sink);
    const choices = REFUND_OR_REPLACEMENT;
    try {
      await control('POST', `/conversations/${second.conversationId}/messages`, { message: choices });
      await control('POST', `/conversations/${second.conversationId}/events`, { event: { type: 'progress', text: 'Looking it up' } });
      await control('POST', `/conversations/${first.conversationId}/messages`, { text: 'About your first chat: done.' });
      await control('POST', `/conversations/${first.conversationId}/end-session`);
      await sink.waitFor(() => sink.messages().length === 2);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
    const { file, scenario } = await save();
    expect(scenario.steps.filter((s: object) => !('waitFor' in s))).toEqual([
      { handoff: { channel: 'web', language: 'en' } },
      { handoff: { channel: 'web', language: 'en', seed: 2 } },
      { repSends: { message: choices } },
      { repEvent: { event: { type: 'progress', text: 'Looking it up' } } },
      { repSays: { text: 'About your first chat: done.', conversation: 1 } },
      { rep: { action: 'end-session', conversation: 1 } },
    ]);
    expect(scenario.troubleshooting).not.toMatch(/rich message|earlier conversation/);
    expect(scenario.expect.recorded).toMatchObject({ conversations: 2, repMessages: [expect.stringContaining('Refund or replacement?')] });

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);
    // The first conversation's session was ended again by the replay, the rich message re-sent on the second.
    expect((result!.observed!.conversations as Array<{ sessionStatus?: string }>).map((c) => c.sessionStatus)).toEqual(['Ended', 'Active']);
  });

  /** Two conversations: the customer answers a choice and writes on the first after the second was made, and fills in a form on the second. */
  async function answersOnTwoConversations(): Promise<void> {
    const sink = new RecordingSink();
    const [first, second] = await twoConversations(sink);
    try {
      await control('POST', `/conversations/${first.conversationId}/messages`, { message: REFUND_OR_REPLACEMENT });
      await sink.waitFor(() => sink.messages().length === 1);
      await first.answer('Replacement');
      await first.sendCustomerMessage('About my first order, too.');
      await control('POST', `/conversations/${second.conversationId}/messages`, { message: RICH_MESSAGES.form });
      await sink.waitFor(() => sink.messages().length === 2);
      await second.answerForm({ Street: '1 Main St' });
      await control('POST', `/conversations/${first.conversationId}/messages`, { text: 'Replacement on its way.' });
      await sink.waitFor(() => sink.messages().length === 3);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }

  it("replays the customer's messages and answers to an earlier conversation, and choices and forms, each checked on its conversation", async () => {
    await answersOnTwoConversations();
    const { file, scenario } = await save();
    expect(scenario.steps.filter((s: object) => !('waitFor' in s) && !('handoff' in s) && !('repSends' in s))).toEqual([
      // The option by its title: the ids the simulator made up for the rep's options differ on every run.
      { customerAnswers: { option: 'Replacement', conversation: 1 } },
      { customerSays: { text: 'About my first order, too.', conversation: 1 } },
      { customerAnswers: { form: { Street: '1 Main St' } } },
      { repSays: { text: 'Replacement on its way.', conversation: 1 } },
    ]);
    expect(scenario.troubleshooting).not.toMatch(/earlier conversation|choice|form|file|window did not create/);
    expect(scenario.expect.conversations).toEqual([
      { endUserMessages: [{ matches: '^AI summary:' }, '[ChoicesResponseMessage]', 'About my first order, too.'], repMessages: ['Refund or replacement?', 'Replacement on its way.'], answers: ['Replacement'] },
      { endUserMessages: [{ matches: '^AI summary:' }, '[FormResponseMessage]'], repMessages: ['[FormMessage]'], formAnswers: [{ Street: '1 Main St' }] },
    ]);
    expect(scenario.expect.recorded).toMatchObject({ formAnswers: [{ Street: '1 Main St' }] });

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('turns red, naming the conversation, when the replayed customer answers otherwise or writes elsewhere', async () => {
    await answersOnTwoConversations();
    const { file, scenario } = await save();
    const step = (kind: string) => scenario.steps.find((s: Record<string, unknown>) => kind in s);
    step('customerAnswers').customerAnswers.option = 'Refund';
    delete step('customerSays').customerSays.conversation;
    scenario.steps.find((s: any) => s.customerAnswers?.form).customerAnswers.form.Street = '2 Side St';
    writeFileSync(file, JSON.stringify(scenario));

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!)).toBe(false);
    const what = result!.mismatches.map((m) => m.what);
    expect(what).toEqual(expect.arrayContaining(["end user's messages recorded (conversation 1)", 'choices the customer answered (conversation 1)', 'forms the customer filled in (conversation 2)']));
    expect(result!.mismatches.find((m) => m.what === 'choices the customer answered (conversation 1)')).toEqual({ what: 'choices the customer answered (conversation 1)', expected: ['Replacement'], seen: ['Refund'] });
    expect(failureReport(result!)).toContain('2 Side St');
  });

  it('records that an external client made the session, and replays it only with a client command, saying so in one line without one', async () => {
    // The example JavaScript client (raw fetch: User-Agent "node") hands off; then a rep answers.
    const folder = tempDir('saved-external');
    const keyFile = join(folder, 'key.pem');
    writeFileSync(keyFile, env.sim.clientConfig.authPrivateKeyPem, { mode: 0o600 });
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(EXAMPLE_CLIENT)}`;
    await run(process.execPath, [EXAMPLE_CLIENT], { env: { ...process.env, ...clientEnvironment(env.sim, keyFile) } });
    const [conversation] = (await call(env.sim, 'GET', '/__sim/v1/conversations')).body.conversations;
    expect((await call(env.sim, 'POST', `/__sim/v1/conversations/${conversation.conversationId}/messages`, { body: { text: 'Hi, I can help.' } })).status).toBe(201);

    const { file, scenario } = await save();
    expect(scenario.savedSession).toEqual({ client: 'external', userAgent: 'node' });
    // It starts the client once and leaves the customer's side to it: no customer steps, no waits for its channel.
    expect(scenario.steps).toEqual([{ handoff: { channel: 'web', language: 'en' } }, { repSays: { text: 'Hi, I can help.' } }]);
    expect(scenario.expect.recorded).not.toHaveProperty('transcriptMessages');
    expect(scenario.expect.recorded).toMatchObject({ endUserMessages: ['I was charged twice for order 1042.', expect.stringMatching(/^The assistant could not refund it/)], repMessages: ['Hi, I can help.'] });
    expect(scenario.troubleshooting).toContain('was made by an external client (User-Agent "node"): replay it with that client');

    // Without a command: one line that says what to do, not a run that fails on expectations.
    let refused: Error | undefined;
    try {
      loadScenarioFile(file);
    } catch (err) {
      refused = err as Error;
    }
    expect(refused?.message).toBe(
      `[miaw-sim] Scenario ${file} needs its own client: an external client (User-Agent "node") made this session, and the built-in handoff client cannot reproduce what it sent: replay it with that client, --client-cmd "<the command that starts it>" (or client.command in the file).`,
    );
    const [result] = await runScenarios([loadScenarioFile(file, { command, cwd: folder })]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('records that the built-in client made the session (it names itself in its User-Agent)', async () => {
    const client = createHandoffClient(configFor(env.sim), { sleep: async () => {} });
    await messaging(await client.handoff(fakeSession({ seed: 2 }), new RecordingSink())).close();
    const { body } = await call(env.sim, 'GET', '/__sim/v1/journal');
    expect(body.requests.find((r: any) => r.path.endsWith('/access-token')).request.headers['user-agent']).toBe('miaw-handoff-client');
    expect((await save()).scenario.savedSession).toEqual({ client: 'built-in' });
  });

  it('turns red when an expectation differs from what the replay records, naming both', async () => {
    await reproduceByHand();
    const { file, scenario } = await save();
    scenario.expect.recorded.repMessages[2] = 'It shipped yesterday.';
    writeFileSync(file, JSON.stringify(scenario));

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!)).toBe(false);
    expect(result!.mismatches).toEqual([
      { what: "rep side's messages recorded", expected: ['Hi, Sam here.', 'Let me look it up.', 'It shipped yesterday.'], seen: ['Hi, Sam here.', 'Let me look it up.', 'It ships today.'] },
    ]);
    expect(failureReport(result!)).toMatch(/It shipped yesterday\.[\s\S]*It ships today\./);
  });

  it('saves a handoff that failed: the client settings it used, and the failure as the expectation', async () => {
    const client = createHandoffClient(configFor(env.sim, { esDeveloperName: 'No_Such_Deployment' }), { sleep: async () => {} });
    await expect(client.handoff(fakeSession({ seed: 3 }), new RecordingSink())).rejects.toThrow();
    const { file, scenario } = await save();
    expect(scenario.client).toEqual({ esDeveloperName: 'No_Such_Deployment' });
    expect(scenario.steps).toEqual([{ handoff: {} }]);
    expect(scenario.expect).toEqual({ handoff: { outcome: 'failed' }, recorded: { conversations: 0 }, journal: { tokenExchanges: 1, messageStatuses: [], faultsServed: 0 } });

    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('creates the deployment the client used when it was made in the window, and says so when it was not', async () => {
    const deployment = { name: 'Support_Web', keyset: 'Sim_Keyset', hiddenPreChatFields: ['Channel', 'Chat_language'] };
    expect((await call(env.sim, 'POST', `/__sim/v1/orgs/${env.sim.orgId}/deployments`, { body: deployment })).status).toBe(201);
    const client = createHandoffClient(configFor(env.sim, { esDeveloperName: 'Support_Web' }), { sleep: async () => {} });
    const handoff = messaging(await client.handoff(fakeSession({ seed: 4 }), new RecordingSink()));
    handoff.stream.close();
    const { file, scenario } = await save();
    expect(scenario.simulator.deployments).toEqual([deployment]);
    expect(scenario.client).toEqual({ esDeveloperName: 'Support_Web' });
    const [result] = await runScenarios([loadScenarioFile(file)]);
    expect(passed(result!), failureReport(result!)).toBe(true);

    const { body } = await call(env.sim, 'GET', '/__sim/v1/journal');
    const later = await save(`?since=${body.requests[1].seq}`);
    expect(later.scenario.simulator).not.toHaveProperty('deployments');
    expect(later.scenario.troubleshooting).toContain('deployment Support_Web, not created in this window');
  });

  it('saves only what came after `since`', async () => {
    await reproduceByHand();
    const { body } = await call(env.sim, 'GET', '/__sim/v1/journal');
    const afterFault = body.requests.find((r: any) => r.path === '/__sim/v1/faults').seq;
    const { scenario } = await save(`?since=${afterFault}`);
    expect(scenario.simulator).not.toHaveProperty('faults');
    expect(scenario.troubleshooting).toContain(`since=${afterFault}`);
  });

  it.each([['abc'], ['-1'], ['1.5'], ['']])('refuses since=%j with a 400 naming the field', async (since) => {
    const res = await call(env.sim, 'GET', `/__sim/v1/scenario?since=${since}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/query: since: must be a journal position/);
  });

  it('answers 409 when the window holds no handoff', async () => {
    const res = await call(env.sim, 'GET', '/__sim/v1/scenario');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ errorCode: 'NOTHING_TO_SAVE', message: expect.stringContaining('after journal position 0') });
  });
});
