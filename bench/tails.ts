/**
 * The tail model: is the simulator's p99 at 64 clients its own (a stall: GC, a long callback) or
 * what any server spending as much CPU per request gets on this machine, with wrk on the same cores?
 * In each run, for each hot request at 64 clients: the simulator, bare node:http, and bare
 * node:http spending X us more CPU per request (bench/spin.ts: no allocation, no GC, no I/O), X
 * being the simulator's CPU per request minus bare node:http's in the same run. When the
 * simulator's p99 is close to the model's, CPU per request alone explains the tail; the gap is what
 * the simulator adds beyond it. Figures, never pass/fail (docs/performance.md, "Tails").
 */
import type { ChildProcess } from 'node:child_process';
import { cpuSeconds } from './cpuTime.ts';
import type { BenchTarget } from './benchTarget.ts';
import { loopStats } from './loopStats.ts';
import { spawnServer, stopServer } from './spawnServer.ts';
import { benchSettings, median, type Figures } from './stats.ts';
import { runWrk, WRK_INSTALL_HINT, wrkAvailable, type WrkResult } from './wrk.ts';

const REQUESTS = [
  { name: 'token exchange', script: 'token.lua' },
  { name: 'message', script: 'message.lua' },
  { name: 'create conversation', script: 'conversation.lua' },
] as const;
type RequestName = (typeof REQUESTS)[number]['name'];

const CLIENTS = 64;
/**
 * Load before each measured run, 16 then 64 clients, as long as what precedes the throughput
 * section's 64-client rows (its warm-up, 1 and 16 clients): measured after only 1 s at 16 clients,
 * a fresh simulator's first request kind still had warm-up in its tail (token p99 197 ms against
 * 16 ms in the throughput section of the same CI run).
 */
const WARM_UP_SECONDS = 2;
const seconds = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 2)));
const runs = Math.max(1, Math.min(benchSettings.runs, 3));

type Measured = WrkResult & { cpuUs: number; maxLoopDelayMs: number; gcMaxPauseMs: number };
type Model = 'sim' | 'node' | 'spin';

/** Warm up, then one measured wrk run with the server's CPU per request and its event loop's figures. */
async function measure(child: ChildProcess, target: BenchTarget, script: string, label: string): Promise<Measured> {
  for (const clients of [16, CLIENTS]) await runWrk({ script, target, clients, seconds: WARM_UP_SECONDS, label: `${label} warm-up, ${clients} clients` });
  await loopStats(child, 'reset');
  const before = cpuSeconds(child.pid) ?? Number.NaN;
  const result = await runWrk({ script, target, clients: CLIENTS, seconds, label });
  const after = cpuSeconds(child.pid) ?? Number.NaN;
  const loop = await loopStats(child, 'stats');
  return { ...result, cpuUs: ((after - before) * 1e6) / result.requests, maxLoopDelayMs: loop?.maxLoopDelayMs ?? Number.NaN, gcMaxPauseMs: loop?.gcMaxPauseMs ?? Number.NaN };
}

/** One server process (`bench/serve.ts <args>`) measured on the given requests, then stopped. */
async function withServer(args: string[], requests: readonly (typeof REQUESTS)[number][], label: string): Promise<Map<RequestName, Measured>> {
  const server = await spawnServer(['--import', 'tsx', 'bench/serve.ts', ...args], { ipc: true });
  const out = new Map<RequestName, Measured>();
  try {
    for (const { name, script } of requests) out.set(name, await measure(server.child, server.line as unknown as BenchTarget, script, `tails, ${name}, ${label}`));
  } finally {
    await stopServer(server.child);
  }
  return out;
}

/** The tails section of `npm run bench`. */
export async function tails(): Promise<Figures> {
  if (!wrkAvailable()) {
    console.log(`tails: skipped, wrk is not installed (${WRK_INSTALL_HINT})`);
    return {};
  }
  console.error(`tails: ${runs} run(s): the simulator, bare node:http and bare node:http + the simulator's extra CPU per request, ${CLIENTS} clients, ${seconds} s each`);
  const results = new Map<RequestName, Record<Model, Measured[]> & { extraUs: number[] }>(REQUESTS.map(({ name }) => [name, { sim: [], node: [], spin: [], extraUs: [] }]));
  for (let run = 0; run < runs; run++) {
    const sim = await withServer(['sim'], REQUESTS, 'simulator');
    const node = await withServer(['node'], REQUESTS, 'bare node:http');
    for (const request of REQUESTS) {
      const row = results.get(request.name)!;
      const extraUs = Math.max(0, Math.round(sim.get(request.name)!.cpuUs - node.get(request.name)!.cpuUs));
      const spin = await withServer(['spin', String(extraUs)], [request], `bare node:http + ${extraUs} us`);
      row.sim.push(sim.get(request.name)!);
      row.node.push(node.get(request.name)!);
      row.spin.push(spin.get(request.name)!);
      row.extraUs.push(extraUs);
    }
  }
  const figures: Figures = {};
  const names: Record<Model, string> = { sim: 'simulator', node: 'bare node:http', spin: 'bare node:http + the extra CPU' };
  for (const [request, row] of results) {
    const label = `tails, ${request}, ${CLIENTS} clients`;
    figures[`${label}: the simulator's extra CPU per request over bare node:http (us)`] = median(row.extraUs);
    for (const model of ['sim', 'node', 'spin'] as const) {
      const of = (pick: (m: Measured) => number) => median(row[model].map(pick));
      figures[`${label}: ${names[model]} (req/s)`] = of((m) => m.rps);
      figures[`${label}: ${names[model]} CPU per request (us)`] = of((m) => m.cpuUs);
      figures[`${label}: ${names[model]} p50 (ms)`] = of((m) => m.p50Ms);
      figures[`${label}: ${names[model]} p99 (ms)`] = of((m) => m.p99Ms);
      figures[`${label}: ${names[model]} longest event-loop delay (ms)`] = of((m) => m.maxLoopDelayMs);
    }
    figures[`${label}: simulator longest GC pause (ms)`] = median(row.sim.map((m) => m.gcMaxPauseMs));
    figures[`${label}: simulator p99 / model p99`] = median(row.sim.map((m, i) => m.p99Ms / row.spin[i]!.p99Ms));
  }
  return figures;
}
