import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReporters } from '../../cli/scenarioReporters.ts';
import { scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { loadScenarioFile, SCENARIO_DIR } from '../../scenarios/lib/loadScenarios.ts';
import { junitReport } from '../../scenarios/lib/junitReport.ts';
import type { ScenarioResult } from '../../scenarios/lib/report.ts';
import { memoryOutput } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** Parse XML with a real parser (Python's expat): the document's tree as JSON, or the parser's error. */
function parseXml(xml: string): { tag: string; attrs: Record<string, string>; text: string; children: unknown[] } {
  const script = `
import json, sys, xml.etree.ElementTree as ET
def tree(e): return {"tag": e.tag, "attrs": dict(e.attrib), "text": e.text or "", "children": [tree(c) for c in e]}
print(json.dumps(tree(ET.fromstring(sys.stdin.buffer.read()))))`;
  const parsed = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (parsed.status !== 0) throw new Error(`not well-formed XML: ${parsed.stderr}\n${xml}`);
  return JSON.parse(parsed.stdout);
}

const happy = loadScenarioFile(join(SCENARIO_DIR, 'happy-path.json'));
const result = (over: Partial<ScenarioResult>): ScenarioResult => ({ scenario: happy, startedAt: new Date('2026-12-02T05:00:00Z'), durationMs: 1234, mismatches: [], ...over });

describe('the JUnit report', () => {
  it('is well-formed JUnit with a testsuites root, a timestamp, times, and expected vs seen in each failure; markup escaped, control characters dropped', () => {
    const xml = junitReport([
      result({ mismatches: [{ what: 'customer messages <&>', expected: 2, seen: 'one\u001b[31m "red"\u0000 & \u0007bell' }] }),
      result({ durationMs: 500, observed: undefined, crash: 'setup refused: <simulator.reps.0>' }),
      result({ durationMs: 250 }),
    ]);
    const root = parseXml(xml);
    expect(root.tag).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '3', failures: '1', errors: '1' });
    const suite = root.children[0] as typeof root;
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(Number(suite.attrs.time)).toBeCloseTo(1.984, 3);
    const [failed, broke, ok] = suite.children as Array<typeof root>;
    expect(failed!.attrs).toMatchObject({ classname: 'miaw-sim.scenarios', name: 'happy-path', time: '1.234' });
    const failure = failed!.children.find((c) => (c as typeof root).tag === 'failure') as typeof root;
    expect(failure.attrs.message).toBe('customer messages <&>: expected 2, seen one[31m "red" & bell');
    expect(failure.text).toMatch(/customer messages <&>:\n\s+expected 2\n\s+seen\s+one\[31m "red" & bell/);
    expect([...xml].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c))).toEqual([]);
    expect((broke!.children[0] as typeof root).tag).toBe('error');
    expect((broke!.children[0] as typeof root).attrs.message).toBe('setup refused: <simulator.reps.0>');
    expect(ok!.children).toEqual([]);
  });
});

describe('--reporter', () => {
  it('writes several reports at once, each to its own file (folders made), and still prints the pretty one', async () => {
    const dir = tempDir('reports');
    const failing = join(dir, 'expects-two.json');
    writeFileSync(failing, JSON.stringify({ name: 'expects-two', title: 'Expects two conversations where one is made', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, recorded: { conversations: 2 } } }));
    const io = memoryOutput();
    const junit = join(dir, 'out/ci/junit.xml');
    const json = join(dir, 'out/scenarios.json');
    const pretty = join(dir, 'out/pretty.txt');
    const code = await scenarioRunCommand({ targets: ['wrong-org-id', failing], reporter: [`junit=${junit}`, `json=${json}`, `pretty=${pretty}`] }, io);
    expect(code).toBe(1);
    expect(io.outLines[0]).toMatch(/^✔ \[1\/2\] wrong-org-id/);
    expect(io.errLines).toEqual([]);
    expect(readFileSync(pretty, 'utf8')).toBe(`${io.outLines.join('\n')}\n`);
    const suite = parseXml(readFileSync(junit, 'utf8')).children[0] as { attrs: Record<string, string> };
    expect(suite.attrs).toMatchObject({ tests: '2', failures: '1' });
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ tool: 'miaw-sim', total: 2, passed: 1, failed: 1 });
    expect(report.scenarios[1]).toMatchObject({ name: 'expects-two', file: failing, passed: false, mismatches: [{ what: 'conversations recorded', expected: 2, seen: 1 }] });
  });

  it('puts one machine report on standard output and the pretty one on standard error', async () => {
    const io = memoryOutput();
    expect(await scenarioRunCommand({ targets: ['wrong-org-id'], reporter: ['json'] }, io)).toBe(0);
    expect(JSON.parse(io.outLines.join('\n'))).toMatchObject({ total: 1, passed: 1 });
    expect(io.errLines.join('\n')).toMatch(/1 of 1 scenarios passed/);
  });

  it.each([
    [['tap'], undefined, /--reporter must be pretty, junit or json, optionally with =<file>/],
    [['junit='], undefined, /needs a file name after the "="/],
    [['junit', 'json'], undefined, /Only one report can go to standard output, and junit and json were given without a file/],
    [['junit=a.xml', 'json=b.json'], 'c.xml', /--output names the file of one junit or json reporter/],
  ])('refuses %j (--output %s) saying how to write it', (specs, output, message) => {
    expect(() => parseReporters(specs, output)).toThrow(message);
  });

  it('keeps the older spelling: --reporter text, and --reporter junit --output <file>', () => {
    expect(parseReporters(['text'])).toEqual([{ kind: 'pretty' }]);
    expect(parseReporters(['junit', 'pretty'], 'scenarios.xml')).toEqual([{ kind: 'junit', file: 'scenarios.xml' }, { kind: 'pretty' }]);
  });
});
