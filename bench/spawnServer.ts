import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BENCH_ROOT = join(import.meta.dirname, '..');

/**
 * Starts `node <args>` in the repo root and resolves with the first JSON line it prints on stdout.
 * `ipc` opens a channel to it (bench/loopStats.ts asks its event loop's figures over it). `input` is
 * written to its stdin (then closed): the way to hand it a secret such as a key pair, which would
 * show in `ps` as an argument and in /proc as an environment variable.
 */
export function spawnServer(args: string[], options: { ipc?: boolean; input?: string } = {}): Promise<{ child: ChildProcess; line: Record<string, string>; ms: number }> {
  const t0 = performance.now();
  const { input } = options;
  const child = spawn(process.execPath, args, { cwd: BENCH_ROOT, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])] });
  if (input !== undefined) child.stdin!.end(input);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve({ child, line: JSON.parse(String(d).split('\n')[0]!), ms: performance.now() - t0 }));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** Stops a server from spawnServer and resolves once it has exited: SIGTERM (bench/serve.ts stops its own children on it), SIGKILL if it lingers. */
export async function stopServer(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
