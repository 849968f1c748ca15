import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, SCENARIO_DIR } from '../../scenarios/lib/loadScenarios.ts';
import { loadAllScenarios } from '../../scenarios/lib/resolveScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { junitReport } from '../../scenarios/lib/junitReport.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { scenarioJsonSchema } from '../../scenarios/lib/scenarioSchema.ts';
import { scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { memoryOutput } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

const scenarios = loadAllScenarios();

describe('troubleshooting scenarios replay as expected', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const [result] = await runScenarios([scenario]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });
});

describe('scenario files', () => {
  const write = (name: string, content: unknown) => {
    const file = join(tempDir('scenario'), `${name}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const base = { name: 'broken', title: 'A scenario used to test the loader', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' } } };

  it.each([
    ['not JSON', '{ nope', '(file)', 'is not readable JSON'],
    ['a misspelled expectation', { ...base, expect: { handoff: { outcom: 'completed' } } }, 'expect.handoff', ''],
    ['a wrong outcome', { ...base, expect: { handoff: { outcome: 'ok' } } }, 'expect.handoff.outcome', ''],
    ['an unknown step', { ...base, steps: [{ handof: {} }] }, 'steps.0', 'exactly one of handoff'],
    ['a bad step field', { ...base, steps: [{ handoff: { channel: 'fax' } }] }, 'steps.0.handoff.channel', ''],
    ['a name that is not the file name', { ...base, name: 'other-name' }, 'name', 'must equal the file name'],
    ['a lookahead in an expected message', { ...base, expect: { ...base.expect, sink: { messages: [{ matches: '^(?!Bonjour)' }] } } }, 'expect.sink.messages.0.matches', 'uses a lookahead'],
  ])('refuses %s, naming the file and the field', (_label, content, field, expected) => {
    const file = write('broken', content);
    expect(() => loadScenarioFile(file)).toThrow(`Invalid scenario ${file}: ${field}`);
    if (expected) expect(() => loadScenarioFile(file)).toThrow(expected);
  });

  it('keeps the committed JSON Schema in sync', () => {
    expect(JSON.parse(readFileSync(join(SCENARIO_DIR, 'scenario.schema.json'), 'utf8'))).toEqual(scenarioJsonSchema());
  });

  it('reports a failing scenario with expected vs seen, the journal and the hint, also as JUnit', async () => {
    const scenario = loadScenarioFile(write('wrong-expectation', { ...base, name: 'wrong-expectation', client: { authKeyId: 'nope' } }));
    const results = await runScenarios([scenario]);
    const report = failureReport(results[0]!);
    expect(report).toMatch(/handoff outcome:\n\s+expected completed\n\s+seen\s+failed/);
    expect(report).toMatch(/POST \/iamessage\/api\/v2\/authorization\/authenticated\/access-token -> 401 IDENTITY_TOKEN_KID_UNKNOWN/);
    expect(report).toMatch(/hint: the Auth Key ID is not registered/);
    const junit = junitReport(results);
    expect(junit).toMatch(/<testsuite name="miaw-sim scenarios" timestamp="[^"]+" time="[^"]+" tests="1" failures="1"/);
    expect(junit).toMatch(/<testcase classname="miaw-sim.scenarios" name="wrong-expectation"/);
  });
});

describe('miaw-sim scenario run', () => {
  it('prints a progress line per scenario and exits 0 when all pass', async () => {
    const io = memoryOutput();
    const code = await scenarioRunCommand({ targets: ['wrong-org-id', 'unknown-auth-key-id'] }, io);
    expect(code).toBe(0);
    expect(io.outLines.filter((l) => l.startsWith('✔'))).toHaveLength(2);
    expect(io.text()).toMatch(/2 of 2 scenarios passed/);
  });

  it('exits 1 and writes JUnit with the failure when a scenario fails', async () => {
    const dir = tempDir('junit');
    const failing = join(dir, 'expects-the-impossible.json');
    writeFileSync(failing, JSON.stringify({ name: 'expects-the-impossible', title: 'Expects a conversation where none can be', client: { orgId: '00DWRONG0000001' }, steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' } } }));
    const io = memoryOutput();
    const output = join(dir, 'junit.xml');
    const code = await scenarioRunCommand({ targets: [failing], reporter: ['junit'], output }, io);
    expect(code).toBe(1);
    expect(io.text()).toMatch(/✘ \[1\/1\] expects-the-impossible/);
    expect(io.text()).toMatch(/client error: TokenExchangeError \(HTTP 404\)/);
    expect(readFileSync(output, 'utf8')).toMatch(/<failure message="handoff outcome: expected completed, seen failed" type="ExpectationNotMet">/);
  });

  it('refuses unknown names and an unknown reporter, saying what exists', async () => {
    await expect(scenarioRunCommand({ targets: ['no-such'] }, memoryOutput())).rejects.toThrow(/No scenario file, folder or built-in scenario named "no-such". Built-in: .*happy-path/);
    await expect(scenarioRunCommand({ targets: [], all: true, reporter: ['tap'] }, memoryOutput())).rejects.toThrow(/--reporter must be pretty, junit or json/);
  });
});
