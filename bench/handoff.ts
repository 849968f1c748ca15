import type { HandoffStep } from '../client/types.ts';
import { measureHandoffRate, measureHandoffs, type HandoffRun } from './handoffLatency.ts';
import { benchSettings, median, percentile, type Figures } from './stats.ts';

/** The steps a measured handoff reports, in order (the two local ones, transcript and routing attributes, are timed too). */
const STEPS: HandoffStep[] = ['sign-identity-token', 'exchange-token', 'build-transcript', 'extract-routing-attributes', 'create-conversation', 'send-transcript', 'subscribe'];

/** One place's figures: the whole handoff, each step's median, the stream opening, CPU per handoff, the load it ran under. */
function figuresOf(run: HandoffRun, label: string): Figures {
  const handoffMs = run.samples.map((s) => s.handoffMs);
  const figures: Figures = {
    [`full handoff, ${label}, median (ms)`]: median(handoffMs),
    [`full handoff, ${label}, p99 (ms)`]: percentile(handoffMs, 0.99),
    [`full handoff, ${label}, first after start (ms)`]: run.firstMs,
  };
  for (const step of STEPS) {
    const times = run.samples.flatMap((s) => (s.steps[step] === undefined ? [] : [s.steps[step]!]));
    figures[`  step ${step}, ${label}, median (ms)`] = median(times);
  }
  figures[`  event stream open after the handoff returned, ${label}, median (ms)`] = median(run.samples.map((s) => s.streamOpenMs));
  figures[`full handoff, ${label}, CPU per handoff, ${run.simCpuUsPerHandoff === undefined ? 'client and simulator' : 'client process'} (us)`] = run.cpuUsPerHandoff;
  if (run.simCpuUsPerHandoff !== undefined) figures[`full handoff, ${label}, CPU per handoff, simulator process (us)`] = run.simCpuUsPerHandoff;
  figures[`full handoff, ${label}, load average before`] = run.load[0];
  figures[`full handoff, ${label}, load average after`] = run.load[1];
  figures[`rep message to channel sink, ${label}, median (ms)`] = median(run.replyMs);
  figures[`rep message to channel sink, ${label}, p99 (ms)`] = percentile(run.replyMs, 0.99);
  return figures;
}

/**
 * Full handoffs with the real client, one at a time, against a simulator in this process (as a
 * test suite runs it: client and simulator share one thread) and in a process of its own (as a
 * bot platform meets Salesforce: the client's CPU apart from the server's). Each: after a warm-up
 * (the first handoff, cold, is reported on its own), the median and p99 of BENCH_HANDOFFS handoffs,
 * each step's median, how long the event stream then takes to answer, CPU per handoff, the load
 * average; and rep message to channel sink with the stream open. Then full handoffs per second,
 * 1 and 16 at a time, in-process.
 */
export async function handoff(): Promise<Figures> {
  const handoffs = Number(process.env.BENCH_HANDOFFS ?? 300);
  const options = { warmup: Number(process.env.BENCH_HANDOFF_WARMUP ?? 100), handoffs, replies: Number(process.env.BENCH_REPLIES ?? 200) };
  const figures: Figures = {
    ...figuresOf(await measureHandoffs('in-process', options), 'simulator in-process'),
    ...figuresOf(await measureHandoffs('own process', options), 'simulator in its own process'),
  };
  for (const concurrency of [1, 16]) {
    const runs: number[] = [];
    for (let i = 0; i < Math.min(benchSettings.runs, 3); i++) runs.push(await measureHandoffRate(handoffs, concurrency));
    figures[`full handoffs per second with the real client, ${concurrency} at a time, simulator in-process`] = median(runs);
  }
  return figures;
}
