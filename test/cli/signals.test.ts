import { describe, expect, it } from 'vitest';
import { startSimCli, tmp, useCli } from '../helpers/cli.ts';

/** These tests start the CLI as child processes: slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

describe('miaw-sim start stops on a signal (npm run sim, a supervisor, Ctrl+C)', SPAWNS_PROCESSES, () => {
  const { spawnCli } = useCli();

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s sent the moment the ready line is read: exits 0, says why, and stops serving', async (signal) => {
    const { info, run } = await startSimCli(spawnCli, tmp());
    // No await between reading the ready line and the signal: the handler must already be there.
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain(`Stopped (${signal})`);
    await expect(fetch(`${info.controlApiUrl}/health`)).rejects.toThrow();
  });
});
