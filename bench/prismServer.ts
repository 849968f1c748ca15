/**
 * Stoplight Prism (`prism mock`) serving bench/prism/miaw-openapi.yaml: the mock server a user might
 * pick instead of the simulator. It runs as a child of bench/serve.ts, which kills it when it is
 * stopped (SIGTERM/SIGINT) or exits, so stopping the server process leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..');
const PRISM_CLI = join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');
const DOCUMENT = join(ROOT, 'bench/prism/miaw-openapi.yaml');
const STARTUP_LIMIT_MS = 60_000;

/** A free port on 127.0.0.1 (Prism needs one given; it cannot report an ephemeral one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something answers HTTP at `url` (any status), or rejects after the startup limit. */
async function waitUntilServing(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (Date.now() < deadline && !exited()) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(exited() ? 'prism mock exited before serving' : `prism mock did not serve within ${STARTUP_LIMIT_MS / 1000} s`);
}

/** Starts `prism mock` (quiet: errors only, as the simulator runs with its log off) and returns its URL. */
export async function startPrism(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM_CLI, 'mock', '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'error', DOCUMENT], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', stop);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(0);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, () => exited);
  } catch (err) {
    stop();
    throw err;
  }
  return url;
}
