import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmp, useCli } from '../helpers/cli.ts';

/** These tests start the CLI as child processes: slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

/** A command that reads the variables exec sets, checks the simulator answers, and exits with a chosen code. */
const PROBE = `
const env = Object.fromEntries(['MIAW_MESSAGING_URL','MIAW_ORG_ID','MIAW_ES_DEVELOPER_NAME','MIAW_AUTH_KEY_ID','MIAW_ISSUER','MIAW_PRIVATE_KEY_FILE','MIAW_CONTROL_URL'].map((k) => [k, process.env[k]]));
const health = await (await fetch(env.MIAW_CONTROL_URL + '/health')).json();
const key = (await import('node:fs')).readFileSync(env.MIAW_PRIVATE_KEY_FILE, 'utf8');
console.log(JSON.stringify({ env, health: health.status, keyIsPem: key.startsWith('-----BEGIN ') && key.includes('PRIVATE KEY-----') }));
process.exit(Number(process.argv[2] ?? 0));
`;

describe('miaw-sim exec -- <command>', SPAWNS_PROCESSES, () => {
  const { runCli } = useCli();

  it('runs the command with the simulator in its environment, then stops it and exits with the command\'s code', async () => {
    const dir = tmp();
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
    const { code, stdout, stderr } = await runCli(['exec', '--data-dir', join(dir, 'data'), '--', process.execPath, probe, '3']);
    expect(code, stderr).toBe(3);
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.health).toBe('ok');
    expect(seen.keyIsPem).toBe(true);
    expect(seen.env).toMatchObject({ MIAW_ORG_ID: '00DSIM000000001', MIAW_ES_DEVELOPER_NAME: 'Sim_Web', MIAW_ISSUER: 'miaw-sim', MIAW_PRIVATE_KEY_FILE: join(dir, 'data', 'default-key.pem') });
    expect(seen.env.MIAW_MESSAGING_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.env.MIAW_MESSAGING_URL).not.toBe('http://127.0.0.1:4242');
    expect(seen.env.MIAW_CONTROL_URL).toBe(`${seen.env.MIAW_MESSAGING_URL}/__sim/v1`);
    expect(seen.env.MIAW_AUTH_KEY_ID).toMatch(/^miaw-sim-/);
    // Stopped: nothing answers on its port any more.
    await expect(fetch(`${seen.env.MIAW_CONTROL_URL}/health`)).rejects.toThrow();
  });

  it('runs a single quoted command through the shell, and exits 0 when it succeeds', async () => {
    const { code, stdout } = await runCli(['exec', '--data-dir', join(tmp(), 'data'), '--', 'test -n "$MIAW_MESSAGING_URL" && echo "url=$MIAW_MESSAGING_URL"']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^url=http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it('says so when the command does not exist, with exit code 127', async () => {
    const { code, stderr } = await runCli(['exec', '--data-dir', join(tmp(), 'data'), '--', 'no-such-command-miaw', '--flag']);
    expect(code).toBe(127);
    expect(stderr).toContain('[miaw-sim] Could not run "no-such-command-miaw": no such command');
  });

  it('refuses to run without a command', async () => {
    const { code, stderr } = await runCli(['exec', '--data-dir', join(tmp(), 'data')]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/missing required argument 'command'/);
  });
});

describe('miaw-sim start stops with the process that started it', SPAWNS_PROCESSES, () => {
  const { spawnCli } = useCli();

  it('stops serving when its parent dies, even by SIGKILL (npm run sim killed)', async () => {
    const dir = tmp();
    // A parent that starts the simulator and prints its pid, like npm run would; then we kill the parent hard.
    const parentScript = join(dir, 'parent.mjs');
    writeFileSync(
      parentScript,
      `import { spawn } from 'node:child_process';
       const child = spawn(process.execPath, [${JSON.stringify(join(import.meta.dirname, '../../bin/miaw-sim.js'))}, 'start', '--port', '0', '--json', '--data-dir', ${JSON.stringify(join(dir, 'data'))}], { stdio: ['ignore', 'pipe', 'inherit'] });
       child.stdout.on('data', (d) => process.stdout.write(d));
       setInterval(() => {}, 1000);`,
    );
    const { spawn } = await import('node:child_process');
    const parent = spawn(process.execPath, [parentScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const info = await new Promise<{ controlApiUrl: string }>((resolve, reject) => {
        let out = '';
        parent.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
        });
        parent.on('exit', (code) => reject(new Error(`parent exited ${code}: ${out}`)));
      });
      expect((await fetch(`${info.controlApiUrl}/health`)).status).toBe(200);
      parent.kill('SIGKILL');
      await expect.poll(async () => fetch(`${info.controlApiUrl}/health`).then(() => 'serving', () => 'stopped'), { timeout: 10_000, interval: 250 }).toBe('stopped');
    } finally {
      parent.kill('SIGKILL');
    }
    void spawnCli;
  });
});
