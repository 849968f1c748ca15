import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestName } from '../../cli/unknownCommand.ts';
import { tmp, useCli } from '../helpers/cli.ts';

/** These start the CLI as child processes (TypeScript compiled at start): slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

describe('a mistyped command (start is the default command)', SPAWNS_PROCESSES, () => {
  const { spawnCli, runCli } = useCli();

  it('`miaw-sim strat` is refused as an unknown command, with the nearest one, and starts nothing', async () => {
    const { code, stdout, stderr } = await runCli(['strat', '--port', '0', '--data-dir', join(tmp(), 'data')]);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("unknown command 'strat' (did you mean start?)");
    expect(stderr).not.toContain('too many arguments');
    expect(stdout).not.toContain('Press Ctrl+C');
  });

  it('`miaw-sim --port 0` still starts the simulator', async () => {
    const run = spawnCli(['--port', '0', '--json', '--data-dir', join(tmp(), 'data')]);
    const info = JSON.parse((await run.waitFor(/^\{.*\}$/m))[0]);
    expect(info.messagingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('`miaw-sim` alone still starts the simulator', async () => {
    const run = spawnCli([], { PORT: '0', MIAW_SIM_DATA_DIR: join(tmp(), 'data') });
    await run.waitFor(/Press Ctrl\+C/);
    expect(run.stderr()).toBe('');
  });
});

describe('nearestName', () => {
  const commands = ['start', 'config-schema', 'keys', 'handoff', 'doctor', 'scenario'];

  it('finds the command within two edits, a swap of neighbours counting as one', () => {
    expect(nearestName('strat', commands)).toBe('start');
    expect(nearestName('doctr', commands)).toBe('doctor');
    expect(nearestName('Handof', commands)).toBe('handoff');
  });

  it('suggests nothing for a word far from every command', () => {
    expect(nearestName('deploy', commands)).toBeUndefined();
    expect(nearestName('zzzz', commands)).toBeUndefined();
  });
});
