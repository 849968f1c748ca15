import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { CliOutput } from '../../cli/output.ts';
import { tempDir } from './tempDir.ts';

export const BIN = join(import.meta.dirname, '../../bin/miaw-sim.js');
export const tmp = () => tempDir('miaw-sim-cli');

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** stdout + stderr so far. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (rejects after `timeoutMs` or on exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Spawn `bin/miaw-sim.js` with these arguments; every child still running is killed after each test. */
export function useCli(): { spawnCli(args: string[], env?: NodeJS.ProcessEnv): CliRun; runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const running: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  const spawnCli = (args: string[], env: NodeJS.ProcessEnv = {}): CliRun => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '', ...env } });
    running.push(child);
    let out = '';
    let err = '';
    const listeners = new Set<() => void>();
    child.stdout.on('data', (d) => ((out += d), listeners.forEach((l) => l())));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = (pattern: RegExp, timeoutMs = 45_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) done(() => resolve(m));
        };
        const done = (fn: () => void) => (listeners.delete(check), clearTimeout(timer), fn());
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}${err}`))), timeoutMs);
        listeners.add(check);
        void exited.then((code) => setTimeout(() => done(() => reject(new Error(`exited ${code} before ${pattern}; output:\n${out}${err}`))), 50));
        check();
      });
    return { child, output: () => out + err, stdout: () => out, stderr: () => err, waitFor, exited };
  };
  const runCli = async (args: string[], env?: NodeJS.ProcessEnv) => {
    const run = spawnCli(args, env);
    const code = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  };
  return { spawnCli, runCli };
}

/** What `miaw-sim start --json` printed, once it is listening. */
export async function startSimCli(spawnCli: (args: string[]) => CliRun, dataDir: string): Promise<{ info: any; run: CliRun }> {
  const run = spawnCli(['start', '--port', '0', '--json', '--data-dir', dataDir]);
  const [line] = await run.waitFor(/^\{.*\}$/m);
  return { info: JSON.parse(line), run };
}

/** A CliOutput keeping lines in memory, for commands run in-process. */
export function memoryOutput(): CliOutput & { outLines: string[]; errLines: string[]; text(): string; waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray> } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const io = {
    outLines,
    errLines,
    out: (line: string) => void outLines.push(line),
    err: (line: string) => void errLines.push(line),
    text: () => [...outLines, ...errLines].join('\n'),
    async waitFor(pattern: RegExp, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = outLines.join('\n').match(pattern);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${io.text()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  return io;
}

/** Nothing that looks like a private key, nor any line of these PEMs' key bodies, was printed. */
export function expectNoPrivateKey(output: string, privateKeyPems: string[] = []): void {
  expect(output).not.toMatch(/PRIVATE KEY-----/);
  for (const pem of privateKeyPems) {
    for (const line of pem.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'))) expect(output).not.toContain(line);
  }
}

/** A 127.0.0.1 port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
