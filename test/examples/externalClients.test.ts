import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { memoryOutput } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

/**
 * The two example clients in examples/, neither built on this project, run against the example
 * scenarios (one routes on the channel, language and priority the handoff step gives them in
 * MIAW_* variables, one forces retries with a dropped connection, 503s and a 500) as `miaw-sim scenario
 * run examples/scenarios --client-cmd "<client>"` does. The Python one runs in a venv made from
 * Debian's python3 with its PyJWT and cryptography (PyPI is not reachable); a machine without
 * them fails here: .ci/run installs them.
 */
const EXAMPLES = join(import.meta.dirname, '../../examples');
const SCENARIOS = join(EXAMPLES, 'scenarios');
const SLOW = { timeout: 120_000 };

async function runExamples(command: string) {
  const io = memoryOutput();
  const code = await scenarioRunCommand({ targets: [SCENARIOS], clientCmd: command }, io);
  return { code, text: io.text() };
}

describe('the example external clients pass the example scenarios', SLOW, () => {
  it('plain JavaScript (fetch and node:crypto), importing nothing from this project', async () => {
    const source = readFileSync(join(EXAMPLES, 'js-client/handoff.mjs'), 'utf8');
    expect([...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]).filter((from) => !from!.startsWith('node:'))).toEqual([]);
    const { code, text } = await runExamples(`${JSON.stringify(process.execPath)} ${JSON.stringify(join(EXAMPLES, 'js-client/handoff.mjs'))}`);
    expect(code, text).toBe(0);
    expect(text).toMatch(/✔ \[1\/2\] handoff-reaches-a-rep[\s\S]*✔ \[2\/2\] outage-forces-retries[\s\S]*2 of 2 scenarios passed/);
  });

  it('Python (standard library and PyJWT), in a venv', async () => {
    const venv = join(tempDir('miaw-sim-venv'), 'venv');
    const made = spawnSync('/usr/bin/python3', ['-m', 'venv', '--system-site-packages', '--without-pip', venv], { encoding: 'utf8' });
    expect(made.status, `could not make a venv with /usr/bin/python3 (apt-get install python3-venv): ${made.error?.message ?? made.stderr}`).toBe(0);
    const python = join(venv, 'bin/python');
    const jwt = spawnSync(python, ['-c', 'import jwt, cryptography'], { encoding: 'utf8' });
    expect(jwt.status, `PyJWT or cryptography missing (apt-get install python3-jwt python3-cryptography): ${jwt.stderr}`).toBe(0);
    const { code, text } = await runExamples(`${python} ${JSON.stringify(join(EXAMPLES, 'python-client/handoff.py'))}`);
    expect(code, text).toBe(0);
    expect(text).toMatch(/2 of 2 scenarios passed/);
  });

  it('a client that does not retry fails the outage scenario, saying what was expected and what the simulator recorded', async () => {
    const once = `${JSON.stringify(process.execPath)} -e ${JSON.stringify("fetch(process.env.MIAW_MESSAGING_URL+'/iamessage/api/v2/conversation',{method:'POST'}).then(()=>process.exit(0),()=>process.exit(2))")}`;
    const io = memoryOutput();
    expect(await scenarioRunCommand({ targets: [join(SCENARIOS, 'outage-forces-retries.json')], clientCmd: once }, io)).toBe(1);
    expect(io.text()).toMatch(/conversations recorded:\n\s+expected 1\n\s+seen\s+0/);
    expect(io.text()).toMatch(/calls to createConversation:\n\s+expected 3\n\s+seen\s+1/);
  });
});
