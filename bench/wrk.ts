/**
 * Runs wrk (https://github.com/wg/wrk, Debian/Homebrew package `wrk`) with one of the scripts in
 * bench/wrk/ and reads the JSON line their `done()` prints. A run with any failed request (an
 * unexpected status or a socket error) is refused: it throws rather than count failures as throughput.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchTarget } from './benchTarget.ts';
import { BENCH_ROOT } from './spawnServer.ts';

export const WRK_INSTALL_HINT = 'install wrk: `apt-get install wrk` (Debian/Ubuntu) or `brew install wrk` (macOS)';

/** Whether a `wrk` executable is on the PATH. */
export const wrkAvailable = (): boolean => !spawnSync('wrk', ['--version']).error;

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

interface WrkReport {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  unexpectedStatus: number;
  errors: Record<'connect' | 'read' | 'write' | 'status' | 'timeout', number>;
  sample: string;
}

export interface WrkLoad {
  /** Script file in bench/wrk/ (token.lua, conversation.lua, message.lua). */
  script: string;
  target: BenchTarget;
  clients: number;
  seconds: number;
  /** Names the run in error messages (request kind, clients, server). */
  label: string;
}

/** One wrk run: one thread, `clients` keep-alive connections for `seconds`. */
export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  const { url, ...options } = load.target;
  const args = ['-t1', `-c${load.clients}`, `-d${load.seconds}s`, '--timeout', '10s', '-s', join(BENCH_ROOT, 'bench/wrk', load.script), url, '--'];
  args.push(...Object.entries(options).map(([key, value]) => `${key}=${value}`));
  const report = parseReport(await output('wrk', args), load.label);
  const socketErrors = report.errors.connect + report.errors.read + report.errors.write + report.errors.timeout;
  if (report.unexpectedStatus > 0 || socketErrors > 0) {
    const e = report.errors;
    throw new Error(
      `${load.label}: ${report.unexpectedStatus} of ${report.requests} responses had an unexpected status and ${socketErrors} requests failed on the socket ` +
        `(connect ${e.connect}, read ${e.read}, write ${e.write}, timeout ${e.timeout}); not a valid figure. First bad response: ${report.sample || '(none)'}`,
    );
  }
  return { rps: report.requests / (report.durationUs / 1e6), p50Ms: report.p50Us / 1000, p99Ms: report.p99Us / 1000, requests: report.requests };
}

function parseReport(stdout: string, label: string): WrkReport {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
  if (!line) throw new Error(`${label}: wrk printed no WRK_RESULT line:\n${stdout}`);
  return JSON.parse(line.slice('WRK_RESULT '.length)) as WrkReport;
}

function output(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr || stdout}`))));
  });
}
