import { measureHandoff, measureHandoffRate } from './handoffLatency.ts';
import { benchSettings, median, percentile, type Figures } from './stats.ts';

/** Full handoffs with the real client (time each, and how many per second), and rep message to channel sink with one stream open. */
export async function handoff(): Promise<Figures> {
  const handoffs = Number(process.env.BENCH_HANDOFFS ?? 100);
  const latency = await measureHandoff(handoffs, Number(process.env.BENCH_REPLIES ?? 200));
  const rates: Figures = {};
  for (const concurrency of [1, 16]) {
    const runs: number[] = [];
    for (let i = 0; i < Math.min(benchSettings.runs, 3); i++) runs.push(await measureHandoffRate(handoffs * 2, concurrency));
    rates[`full handoffs per second with the real client, ${concurrency} at a time`] = median(runs);
  }
  return {
    ...rates,
    'full handoff with the real client, median (ms)': median(latency.handoffMs),
    'full handoff with the real client, p99 (ms)': percentile(latency.handoffMs, 0.99),
    'rep message to channel sink, median (ms)': median(latency.replyMs),
    'rep message to channel sink, p99 (ms)': percentile(latency.replyMs, 0.99),
  };
}
