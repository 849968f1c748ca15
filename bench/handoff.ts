import { measureHandoff } from './handoffLatency.ts';
import { median, percentile, type Figures } from './stats.ts';

/** Full handoffs with the real client, and rep message to channel sink with one stream open. */
export async function handoff(): Promise<Figures> {
  const latency = await measureHandoff(Number(process.env.BENCH_HANDOFFS ?? 100), Number(process.env.BENCH_REPLIES ?? 200));
  return {
    'full handoff with the real client, median (ms)': median(latency.handoffMs),
    'full handoff with the real client, p99 (ms)': percentile(latency.handoffMs, 0.99),
    'rep message to channel sink, median (ms)': median(latency.replyMs),
    'rep message to channel sink, p99 (ms)': percentile(latency.replyMs, 0.99),
  };
}
