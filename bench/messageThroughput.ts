import { spawnServer } from './spawnServer.ts';
import { benchSettings, median, percentile, type Figures } from './stats.ts';

/** Requests per second sending `requests` messages with `concurrency` workers, and each request's latency (ms). */
async function messageThroughput(server: Record<string, string>, concurrency: number): Promise<{ rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  const conversationId = server.conversationId ?? crypto.randomUUID();
  const url = `${server.url}/iamessage/api/v2/conversation/${conversationId}/message`;
  const headers = { 'content-type': 'application/json', ...(server.accessToken ? { authorization: `Bearer ${server.accessToken}` } : {}) };
  let left = benchSettings.requests;
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
  return { rps: benchSettings.requests / ((performance.now() - t0) / 1000), latencies };
}

/** Send-message throughput at 1, 16 and 64 clients: the simulator against bare express and bare node:http. */
export async function throughput(): Promise<Figures> {
  const results: Figures = {};
  for (const concurrency of [1, 16, 64]) {
    const runs: Record<'sim' | 'express' | 'node', number[]> = { sim: [], express: [], node: [] };
    const simLatencies: number[] = [];
    for (let i = 0; i < Math.min(benchSettings.runs, 3); i++) {
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
  return results;
}
