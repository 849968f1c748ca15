import { withSimulatorAndClients, type BulkResult } from './streamClientsProcess.ts';
import { benchSettings, median, percentile, type Figures } from './stats.ts';

/** How many streams to hold open (BENCH_STREAMS="1,1000" for a quick run). */
const streamCounts = (process.env.BENCH_STREAMS ?? '1,1000,10000').split(',').map(Number);
/** Rep messages timed per run, spread over the open streams. */
const samples = Number(process.env.BENCH_STREAM_SAMPLES ?? 200);
/** Runs per stream count: the big ones take most of the section's time, so they get fewer. */
const runsFor = (count: number): number => Number(process.env.BENCH_STREAM_RUNS ?? (count >= 5000 ? 1 : Math.min(benchSettings.runs, 3)));

interface StreamsRun {
  customersMs: number;
  openMs: number;
  rssMb: number;
  latencies: number[];
  acceptMs: number[];
  failedToOpen: number;
  lostMessages: number;
}

const report = (what: string, result: BulkResult): void => {
  if (result.failed > 0) console.error(`[bench streams] ${what}: ${result.failed} failed (${result.done} worked); first error: ${result.firstError}`);
};

/** `count` customers with a conversation and an open event stream each, then rep messages timed to their stream. */
async function streamsRun(count: number): Promise<StreamsRun> {
  return withSimulatorAndClients(undefined, async (sim, clients) => {
    const created = await clients.send({ type: 'customers', count, messages: false });
    report(`${count} customers`, created);
    const opened = await clients.send({ type: 'openStreams' });
    report(`${count} streams`, opened);
    const { rssMb } = await sim.memory();
    const timed = await clients.send({ type: 'latency', samples });
    report(`latency with ${opened.openStreams} streams`, timed);
    return {
      customersMs: created.ms,
      openMs: opened.ms,
      rssMb,
      latencies: timed.latencies ?? [],
      acceptMs: timed.acceptMs ?? [],
      failedToOpen: count - opened.openStreams,
      lostMessages: timed.failed,
    };
  });
}

/**
 * Rep message (control API) to the customer's event stream with 1, 1,000 and 10,000 streams open,
 * simulator and stream clients in separate processes (64 set-up requests in flight, then timed rep
 * messages one at a time); with the simulator's RSS and the set-up time.
 */
export async function streams(): Promise<Figures> {
  const results: Figures = {};
  for (const count of streamCounts) {
    const runs: StreamsRun[] = [];
    for (let i = 0; i < runsFor(count); i++) runs.push(await streamsRun(count));
    const latencies = runs.flatMap((r) => r.latencies);
    const label = `${count.toLocaleString('en-US')} open stream${count === 1 ? '' : 's'}`;
    results[`rep message to stream, ${label}: p50 (ms)`] = percentile(latencies, 0.5);
    results[`rep message to stream, ${label}: p99 (ms)`] = percentile(latencies, 0.99);
    const acceptMs = runs.flatMap((r) => r.acceptMs);
    if (acceptMs.length > 0) results[`rep accepts a waiting conversation, ${label} (as many conversations waiting): median (ms)`] = median(acceptMs);
    results[`set-up for ${label}: guest tokens and conversations (s)`] = median(runs.map((r) => r.customersMs)) / 1000;
    results[`set-up for ${label}: opening the streams (s)`] = median(runs.map((r) => r.openMs)) / 1000;
    results[`RSS with ${label} (MB)`] = median(runs.map((r) => r.rssMb));
    const failed = Math.max(...runs.map((r) => r.failedToOpen));
    if (failed > 0) results[`streams that failed to open of ${count.toLocaleString('en-US')} (worst run)`] = failed;
    const lost = runs.reduce((n, r) => n + r.lostMessages, 0);
    if (lost > 0) results[`rep messages lost with ${label}`] = lost;
  }
  return results;
}
