/**
 * `npx tsx bench/profile.ts [seconds] [persist]`: the simulator under the throughput bench's load,
 * profiled. It starts bench/serve.ts `sim` with `node --cpu-prof`, runs wrk with each hot request
 * (token exchange, message, create conversation) at 16 clients, stops the server (SIGTERM, so the
 * profile is written) and prints the functions with the most self time, as a share of all samples.
 * `persist` as the second argument profiles with `--persist`; a third (`message,token`) picks the requests.
 * The .cpuprofile stays in a temporary directory (its path is printed): open it in Chrome DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchTarget } from './benchTarget.ts';
import { spawnServer, stopServer } from './spawnServer.ts';
import { runWrk } from './wrk.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const seconds = Number(process.argv[2] ?? 4);
const scripts = (process.argv[4] ?? 'token,message,conversation').split(',').map((s) => `${s}.lua`);
const persistDir = process.argv[3] === 'persist' ? mkdtempSync(join(tmpdir(), 'miaw-sim-profile-state-')) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'miaw-sim-profile-'));
const server = await spawnServer(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/serve.ts', 'sim', ...(persistDir ? [persistDir] : [])]);
const target = server.line as unknown as BenchTarget;
try {
  for (const script of scripts) {
    const r = await runWrk({ script, target, clients: 16, seconds, label: `profile, ${script}` });
    console.log(`${script}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`);
  }
} finally {
  await stopServer(server.child);
}

// The server's own profile (the largest: the SSE drain child is profiled too).
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
const profiles = files.map((f) => ({ f, nodes: (JSON.parse(readFileSync(f, 'utf8')) as { nodes: ProfileNode[] }).nodes }));
const main = profiles.reduce((a, b) => (a.nodes.length >= b.nodes.length ? a : b));
const self = new Map<string, number>();
const byPart = new Map<string, number>();
let total = 0;
for (const node of main.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(simulator|bench)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + hits);
  const part = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (/\/(simulator|bench)\/([^/]+)/.exec(url)?.slice(1).join('/') ?? (url.startsWith('node:') ? 'node internals' : functionName.startsWith('(') ? functionName : 'native'));
  byPart.set(part, (byPart.get(part) ?? 0) + hits);
}
console.log(`\nprofile: ${main.f}\ntop self time (share of ${total} samples):`);
const share = (hits: number) => `${((100 * hits) / total).toFixed(1).padStart(5)}%`;
console.log(`by package or simulator folder: ${[...byPart].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([k, h]) => `${k} ${share(h).trim()}`).join(', ')}`);
for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${share(hits)}  ${key}`);
