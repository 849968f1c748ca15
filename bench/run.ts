/**
 * `npm run bench`: figures, never pass/fail. Each figure is the median of several runs; throughput
 * is also given as a ratio of a bare express app measured in the same run (timings on shared
 * machines are noisy; ratios less so). Results are printed and written to bench/results/latest.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.ts';
import { measureHandoff } from './handoffLatency.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function spawnServer(args: string[]): Promise<{ child: ChildProcess; line: Record<string, string>; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve({ child, line: JSON.parse(String(d).split('\n')[0]!), ms: performance.now() - t0 }));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function coldStartCli(): Promise<number> {
  const t0 = performance.now();
  const { child, line } = await spawnServer(['bin/miaw-sim.js', 'start', '--port', '0', '--json', '--data-dir', '.miaw-sim/bench']);
  await (await fetch(`${line.messagingUrl}/__sim/v1/health`)).text();
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  return ms;
}

async function coldStartInProcess(): Promise<number> {
  const t0 = performance.now();
  const sim = await startSimulator({ log: () => {} });
  await (await fetch(`${sim.url}/__sim/v1/health`)).text();
  const ms = performance.now() - t0;
  await sim.stop();
  return ms;
}

/** Requests per second sending `REQUESTS` messages with `concurrency` workers, and each request's latency (ms). */
async function messageThroughput(server: Record<string, string>, concurrency: number): Promise<{ rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  const conversationId = server.conversationId ?? crypto.randomUUID();
  const url = `${server.url}/iamessage/api/v2/conversation/${conversationId}/message`;
  const headers = { 'content-type': 'application/json', ...(server.accessToken ? { authorization: `Bearer ${server.accessToken}` } : {}) };
  let left = REQUESTS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const body = JSON.stringify({ esDeveloperName: 'Sim_Web', message: { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'bench' } } });
        const sent = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        if (res.status !== 202) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { rps: REQUESTS / ((performance.now() - t0) / 1000), latencies };
}

const results: Record<string, number> = {};
const cli: number[] = [];
const inProcess: number[] = [];
for (let i = 0; i < RUNS; i++) {
  cli.push(await coldStartCli());
  inProcess.push(await coldStartInProcess());
}
results['cold start, CLI process to health OK (ms)'] = median(cli);
results['cold start, in-process to health OK (ms)'] = median(inProcess);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
for (const concurrency of [1, 16, 64]) {
  const runs: Record<'sim' | 'express' | 'node', number[]> = { sim: [], express: [], node: [] };
  const simLatencies: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    for (const kind of ['sim', 'express', 'node'] as const) {
      const server = await spawnServer(['--import', 'tsx', 'bench/serve.ts', kind]);
      const { rps, latencies } = await messageThroughput(server.line, concurrency);
      runs[kind].push(rps);
      if (kind === 'sim') simLatencies.push(...latencies);
      server.child.kill('SIGKILL');
    }
  }
  const label = `send message, ${concurrency} client(s)`;
  results[`${label}: simulator (req/s)`] = median(runs.sim);
  results[`${label}: simulator p50 latency (ms)`] = percentile(simLatencies, 0.5);
  results[`${label}: simulator p99 latency (ms)`] = percentile(simLatencies, 0.99);
  results[`${label}: bare express echo (req/s)`] = median(runs.express);
  results[`${label}: bare node:http echo (req/s)`] = median(runs.node);
  results[`${label}: simulator / bare express`] = median(runs.sim) / median(runs.express);
  results[`${label}: simulator / bare node:http`] = median(runs.sim) / median(runs.node);
}

const latency = await measureHandoff(Number(process.env.BENCH_HANDOFFS ?? 100), Number(process.env.BENCH_REPLIES ?? 200));
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
results['full handoff with the real client, median (ms)'] = median(latency.handoffMs);
results['full handoff with the real client, p99 (ms)'] = p99(latency.handoffMs);
results['rep message to channel sink, median (ms)'] = median(latency.replyMs);
results['rep message to channel sink, p99 (ms)'] = p99(latency.replyMs);

const width = Math.max(...Object.keys(results).map((k) => k.length));
console.log(`miaw-sim benchmark (median of ${RUNS} start-ups, ${Math.min(RUNS, 3)} load runs of ${REQUESTS} requests)`);
for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(width)}  ${value < 10 ? value.toFixed(2) : Math.round(value)}`);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
