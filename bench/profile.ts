/**
 * `npx tsx bench/profile.ts [seconds] [persist]`: the simulator under the throughput bench's load,
 * profiled. It starts bench/serve.ts `sim` with `node --cpu-prof`, warms each hot request up (1 s),
 * then runs wrk with each (token exchange, message, create conversation) at 16 clients, reading the
 * server's CPU time per request from /proc, stops the server (SIGTERM, so the profile is written)
 * and prints the functions with the most self time, as a share of the samples taken while the
 * measured load ran (start-up, module loading and warm-up left out).
 * `persist` as the second argument profiles with `--persist`; a third (`message,token`) picks the requests.
 * The .cpuprofile stays in a temporary directory (its path is printed): open it in Chrome DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchTarget } from './benchTarget.ts';
import { cpuSeconds } from './cpuTime.ts';
import { spawnServer, stopServer } from './spawnServer.ts';
import { runWrk } from './wrk.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const seconds = Number(process.argv[2] ?? 4);
const scripts = (process.argv[4] ?? 'token,message,conversation').split(',').map((s) => `${s}.lua`);
const persistDir = process.argv[3] === 'persist' ? mkdtempSync(join(tmpdir(), 'miaw-sim-profile-state-')) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'miaw-sim-profile-'));
const server = await spawnServer(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'bench/serve.ts', 'sim', ...(persistDir ? [persistDir] : [])]);
const target = server.line as unknown as BenchTarget;
let measuredFrom = 0;
let stoppedAt = 0;
try {
  for (const script of scripts) await runWrk({ script, target, clients: 16, seconds: 1, label: `profile warm-up, ${script}` });
  measuredFrom = Date.now();
  for (const script of scripts) {
    const cpuBefore = cpuSeconds(server.child.pid);
    const r = await runWrk({ script, target, clients: 16, seconds, label: `profile, ${script}` });
    const cpu = cpuSeconds(server.child.pid);
    const perRequest = cpu === undefined || cpuBefore === undefined ? '' : `, CPU ${Math.round(((cpu - cpuBefore) * 1e6) / r.requests)} us per request`;
    console.log(`${script}: ${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms${perRequest}`);
  }
} finally {
  stoppedAt = Date.now();
  await stopServer(server.child);
}

// The server's own profile (the largest: the SSE drain child is profiled too).
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
const profiles = files.map((f) => ({ f, profile: JSON.parse(readFileSync(f, 'utf8')) as Profile }));
const main = profiles.reduce((a, b) => (a.profile.nodes.length >= b.profile.nodes.length ? a : b));
const hitsOf = measuredHits(main.profile, (stoppedAt - measuredFrom) * 1000);
const self = new Map<string, number>();
const byPart = new Map<string, number>();
let total = 0;
for (const node of main.profile.nodes) {
  const hits = hitsOf.get(node.id) ?? 0;
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

/**
 * Samples per node taken in the last `windowUs` microseconds before the profile ended (the server
 * exits right after it is stopped): the measured load, without start-up and warm-up.
 */
function measuredHits(profile: Profile, windowUs: number): Map<number, number> {
  const at: number[] = [];
  let t = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0; i--) {
    at[i] = t;
    t -= profile.timeDeltas[i] ?? 0;
  }
  const hits = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (profile.endTime - at[i]! <= windowUs) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  return hits;
}
