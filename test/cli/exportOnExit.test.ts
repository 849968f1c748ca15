import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmp, useCli, type CliRun } from '../helpers/cli.ts';

/** These tests start the CLI as child processes: slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

/** Resolves once `pattern` shows up on the child's stderr (exec prints its ready line there). */
const stderrShows = (run: CliRun, pattern: RegExp) =>
  new Promise<void>((resolve, reject) => {
    const check = () => pattern.test(run.stderr()) && resolve();
    run.child.stderr.on('data', check);
    void run.exited.then((code) => reject(new Error(`exited ${code} before ${pattern}: ${run.output()}`)));
    check();
  });

/** No stack trace: no `    at …` frame and no Node error banner. */
const expectNoStack = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/node:internal|Error:/);
};

describe('--export-on-exit', SPAWNS_PROCESSES, () => {
  const { spawnCli } = useCli();

  it('start: a SIGTERM right after the ready line writes the export', async () => {
    const dir = tmp();
    const file = join(dir, 'state.json');
    const run = spawnCli(['start', '--port', '0', '--json', '--data-dir', join(dir, 'data'), '--export-on-exit', file]);
    await run.waitFor(/^\{.*\}$/m);
    run.child.kill('SIGTERM');
    expect(await run.exited, run.output()).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('miaw-sim-state/1');
  });

  it('exec: a SIGTERM right after the ready line is passed to the command, and the export is written', async () => {
    const dir = tmp();
    const file = join(dir, 'state.json');
    const run = spawnCli(['exec', '--data-dir', join(dir, 'data'), '--export-on-exit', file, '--', 'sleep', '60']);
    await stderrShows(run, /Simulator at .*running: sleep 60\n/);
    run.child.kill('SIGTERM');
    // The command's code (killed by SIGTERM: 128 + 15), from miaw-sim itself, not a death by the signal.
    expect(await run.exited, run.output()).toBe(143);
    expect(run.child.signalCode).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('miaw-sim-state/1');
  });

  it('/dev/full: exits non-zero with one line naming the file and the cause', async () => {
    const run = spawnCli(['start', '--port', '0', '--json', '--data-dir', join(tmp(), 'data'), '--export-on-exit', '/dev/full']);
    await run.waitFor(/^\{.*\}$/m);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual(['[miaw-sim] Could not write the state to /dev/full: no space left on the device (ENOSPC).', '[miaw-sim] Stopped (SIGTERM).']);
    expectNoStack(run.stderr());
  });

  it('a directory that does not exist: one line, the exec command\'s success turned into a failure', async () => {
    const dir = tmp();
    const file = join(dir, 'missing', 'state.json');
    const run = spawnCli(['exec', '--data-dir', join(dir, 'data'), '--export-on-exit', file, '--', 'true']);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`[miaw-sim] Could not write the state to ${file}: its directory does not exist (ENOENT). The previous file, if any, is unchanged.\n`);
    expectNoStack(run.stderr());
    expect(existsSync(file)).toBe(false);
  });

  it('replaces an earlier export whole, leaving no temporary file beside it', async () => {
    const dir = tmp();
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"earlier":"export"}');
    const run = spawnCli(['exec', '--data-dir', join(dir, 'data'), '--export-on-exit', file, '--', 'true']);
    expect(await run.exited, run.output()).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('miaw-sim-state/1');
    expect(readFileSync(file, 'utf8')).not.toContain('earlier');
    expect(readdirSync(dir).sort()).toEqual(['data', 'state.json']);
  });
});
