import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** These tests start the CLI as child processes (TypeScript compiled at start): slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

describe('the package entry (import { startSimulator } from "miaw-sim")', SPAWNS_PROCESSES, () => {
  it('starts an in-process simulator from plain Node, without a TypeScript loader', () => {
    const entry = join(import.meta.dirname, '../../index.js');
    const script = `const m = await import(${JSON.stringify(entry)});
      const sim = await m.startSimulator();
      const health = await (await fetch(sim.url + '/__sim/v1/health')).json();
      console.log(JSON.stringify({ status: health.status, orgId: sim.orgId, dep: sim.esDeveloperName, kid: sim.kid, url: sim.url }));
      await sim.stop();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8', timeout: 80_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim());
    expect(out).toMatchObject({ status: 'ok', orgId: '00DSIM000000001', dep: 'Sim_Web' });
    expect(out.kid).toMatch(/^miaw-sim-/);
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
