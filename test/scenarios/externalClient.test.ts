import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { resolveScenarios } from '../../scenarios/lib/resolveScenarios.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { memoryOutput } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** The runner with a command as the client: its environment, its key file, its exit code, its timeout, and what it may not be asked. */
const dir = () => tempDir('external-client');
const write = (folder: string, content: Record<string, unknown>) => {
  const file = join(folder, `${content.name as string}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
};
const node = (script: string) => `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`;
const run = async (file: string) => (await runScenarios([loadScenarioFile(file)]))[0]!;

describe('an external client in a scenario', () => {
  it('runs with the simulator in MIAW_* variables, the scenario overrides and env, and a 0600 key file removed after', async () => {
    const folder = dir();
    const seen = join(folder, 'seen.json');
    const script = `const fs=require('fs');const k=process.env.MIAW_PRIVATE_KEY_FILE;fs.writeFileSync(${JSON.stringify(seen)},JSON.stringify({env:Object.fromEntries(Object.entries(process.env).filter(([n])=>n.startsWith('MIAW_')||n==='MY_FLAG')),mode:fs.statSync(k).mode&0o777,pem:/BEGIN [A-Z ]*PRIVATE KEY/.test(fs.readFileSync(k,'utf8')),cwd:process.cwd(),told:JSON.parse(fs.readFileSync(process.env.MIAW_SESSION_FILE,'utf8'))}))`;
    const handoff = { channel: 'sms', language: 'de', priority: 'High', authenticated: false, contact: { tier: 'VIP' } };
    const file = write(folder, { name: 'env-check', title: 'The client finds the simulator in its environment', client: { command: node(script), issuer: 'my-issuer', env: { MY_FLAG: 'on' } }, steps: [{ handoff }], expect: { client: { exitCode: 0 }, recorded: { conversations: 0 } } });
    const result = await run(file);
    expect(passed(result), failureReport(result)).toBe(true);
    const { env, mode, pem, cwd, told } = JSON.parse(readFileSync(seen, 'utf8'));
    expect(env).toMatchObject({ MIAW_ORG_ID: '00DSIM000000001', MIAW_ES_DEVELOPER_NAME: 'Sim_Web', MIAW_ISSUER: 'my-issuer', MIAW_SCENARIO: 'env-check', MY_FLAG: 'on' });
    // The handoff step's session, as the built-in client would get it: variables, and the whole of it in a file.
    expect(env).toMatchObject({ MIAW_CHANNEL: 'sms', MIAW_LANGUAGE: 'de', MIAW_PRIORITY: 'High', MIAW_AUTHENTICATED: 'false' });
    expect(told.session).toMatchObject({ channel: 'sms', language: 'de', priority: 'High', contact: { tier: 'VIP', authenticated: false } });
    expect(told.routingAttributes).toMatchObject({ Channel: 'SMS', Chat_language: 'de', Priority: 'High', Chat_Consumer_Type: 'Non-Authenticated', OpencxSessionId: told.session.sessionId });
    expect(told.transcript[0]).toMatch(/^AI summary:/);
    expect(existsSync(env.MIAW_SESSION_FILE)).toBe(false);
    expect(env.MIAW_MESSAGING_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.MIAW_CONTROL_URL).toBe(`${env.MIAW_MESSAGING_URL}/__sim/v1`);
    expect(env.MIAW_AUTH_KEY_ID).toMatch(/\S/);
    expect([mode, pem, cwd]).toEqual([0o600, true, folder]);
    expect(existsSync(env.MIAW_PRIVATE_KEY_FILE)).toBe(false);
  });

  it('says what was expected and what was seen when the exit code differs, with the tail of what the client printed', async () => {
    const file = write(dir(), { name: 'exits-three', title: 'A client that fails with exit code 3', client: { command: node("console.error('token exchange failed: 401');process.exit(3)") }, steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, client: { exitCode: 0 } } });
    const result = await run(file);
    expect(result.mismatches).toEqual([
      { what: 'handoff outcome', expected: 'completed', seen: 'failed' },
      { what: 'client exit code', expected: 0, seen: 3 },
    ]);
    expect(failureReport(result)).toMatch(/client: exit code 3\n\s+client stderr \(last lines\):\n\s+token exchange failed: 401/);
  });

  it('kills the whole process group after timeoutMs, children included', async () => {
    const folder = dir();
    const pidFile = join(folder, 'child.pid');
    const file = write(folder, { name: 'hangs', title: 'A client that never ends, and its child', client: { command: `sleep 60 & echo $! > ${pidFile}; wait`, timeoutMs: 500 }, steps: [{ handoff: {} }], expect: { client: { exitCode: 0 } } });
    const result = await run(file);
    expect(result.observed?.client).toMatchObject({ timedOut: true, exitCode: null });
    expect(result.mismatches.map((m) => m.seen)).toContain('the client command was killed after 500 ms (client.timeoutMs)');
    // Killed: gone, or a zombie its new parent (init, here) has not reaped yet.
    const stat = `/proc/${readFileSync(pidFile, 'utf8').trim()}/stat`;
    expect(existsSync(stat) ? readFileSync(stat, 'utf8').split(' ')[2] : 'gone').toMatch(/^(Z|gone)$/);
  });

  describe('with secrets in the environment it was started from', () => {
    const saved = { ...process.env };
    const made: string[] = [];
    afterEach(() => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
    });

    it("hands the client no stray MIAW_* of the caller's shell, and masks secret-named variables it prints", async () => {
      Object.assign(process.env, { MIAW_CONTROL_TOKEN: 'caller-control-token-1', MIAW_HANDOFF_PASSPHRASE: 'caller-passphrase-2', PROBE_API_SECRET: 'caller-api-secret-3' });
      const folder = dir();
      made.push(folder);
      const script = "for (const n of ['MIAW_CONTROL_TOKEN','MIAW_HANDOFF_PASSPHRASE','MIAW_MINE','PROBE_API_SECRET','MY_TOKEN']) console.log(n + '=' + (process.env[n] ?? '(unset)')); process.exit(2)";
      const file = write(folder, { name: 'prints-env', title: 'A client that prints its environment', client: { command: node(script), env: { MIAW_MINE: 'kept', MY_TOKEN: 'scenario-token-4' } }, steps: [{ handoff: {} }], expect: { client: { exitCode: 0 } } });
      const { stdout } = (await run(file)).observed!.client!;
      expect(stdout).toContain('MIAW_CONTROL_TOKEN=(unset)\nMIAW_HANDOFF_PASSPHRASE=(unset)\nMIAW_MINE=kept\n');
      expect(stdout).toMatch(/PROBE_API_SECRET=…\[redacted, 19 chars\]\nMY_TOKEN=…\[redacted, 16 chars\]/);
    });
  });

  it('refuses, naming the file and fields, what only the built-in client reports', () => {
    const file = write(dir(), { name: 'asks-too-much', title: 'Asks an external client for its retry delays', client: { command: 'true' }, steps: [{ handoff: {} }, { customerSays: 'hi' }], expect: { handoff: { outcome: 'completed', retryDelays: [375] }, sink: { messages: ['x'] } } });
    expect(() => loadScenarioFile(file)).toThrow(`Invalid scenario ${file}: expect.handoff.retryDelays, expect.sink, steps.1.customerSays: only the built-in handoff client reports or acts on this`);
    const builtIn = write(dir(), { name: 'exit-code-alone', title: 'Asks the built-in client for an exit code', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, client: { exitCode: 0 } } });
    expect(() => loadScenarioFile(builtIn)).toThrow(`Invalid scenario ${builtIn}: expect.client: needs an external client`);
  });

  it('checks the answers the simulator recorded for an external client, as for the built-in one: expect.recorded.answers and expect.conversations[].answers alike', async () => {
    const file = write(dir(), { name: 'answers-recorded', title: 'The choices an external client answered', client: { command: 'true' }, steps: [{ handoff: {} }], expect: { client: { exitCode: 0 }, recorded: { answers: ['Billing'] }, conversations: [{ answers: ['Order'] }] } });
    const result = await run(file);
    // Loaded (not refused as built-in only) and judged on the records: this client answered nothing, and made no conversation.
    expect(result.mismatches).toEqual([
      { what: 'choices the customer answered', expected: ['Billing'], seen: [] },
      { what: 'conversation 1 recorded', expected: 'a conversation', seen: expect.anything() },
    ]);
  });

  it('--client-cmd replaces the client of every scenario, and refuses the built-in ones that expect its retries', async () => {
    expect(() => resolveScenarios(['service-unavailable-twice-then-success'], undefined, { command: 'true', cwd: process.cwd() })).toThrow(/service-unavailable-twice-then-success.json: expect.handoff.attempts, expect.handoff.retryDelays, expect.recorded.transcriptMessages: only the built-in handoff client .*\(--client-cmd\)/);
    const file = write(dir(), { name: 'any-client', title: 'Any client that creates no conversation', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, recorded: { conversations: 0 } } });
    const io = memoryOutput();
    expect(await scenarioRunCommand({ targets: [file], clientCmd: 'exit 4' }, io)).toBe(1);
    expect(io.text()).toMatch(/handoff outcome:\n\s+expected completed\n\s+seen\s+failed\n\s+client: exit code 4/);
  });
});
