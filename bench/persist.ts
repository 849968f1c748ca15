/**
 * What `--persist` costs: the send-message endpoint (16 clients, wrk) with persistence off and on,
 * in fresh server processes taking turns (so a noisy moment on a shared machine hits both), and the
 * time a new `miaw-sim start --persist` process takes to be healthy on a large persisted state
 * (10k conversations with a message each: a snapshot and a change log), next to the same start
 * on an empty directory. Figures only: medians, with the lowest and highest run as the band.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../simulator/index.ts';
import type { BenchTarget } from './benchTarget.ts';
import { cpuSeconds } from './cpuTime.ts';
import { spawnServer, stopServer } from './spawnServer.ts';
import { benchSettings, median, type Figures } from './stats.ts';
import { runWrk, WRK_INSTALL_HINT, wrkAvailable, type WrkResult } from './wrk.ts';

const CLIENTS = 16;
const seconds = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 2)));
const CONVERSATIONS = Number(process.env.BENCH_PERSIST_CONVERSATIONS ?? 10_000);

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `miaw-sim-bench-${name}-`));

/** One server process, persisting into a fresh directory or not: a warm-up, then one measured run (with the server's CPU time per request). */
async function measure(persist: boolean): Promise<WrkResult & { cpuUs?: number }> {
  const dir = persist ? tempDir('persist') : undefined;
  const server = await spawnServer(['--import', 'tsx', 'bench/serve.ts', 'sim', ...(dir ? [dir] : [])]);
  const target = server.line as unknown as BenchTarget;
  const label = `persist, message, ${persist ? 'on' : 'off'}`;
  try {
    await runWrk({ script: 'message.lua', target, clients: CLIENTS, seconds: 1, label: `${label} warm-up` });
    const cpuBefore = cpuSeconds(server.child.pid);
    const result = await runWrk({ script: 'message.lua', target, clients: CLIENTS, seconds, label });
    const cpuAfter = cpuSeconds(server.child.pid);
    return { ...result, cpuUs: cpuBefore === undefined || cpuAfter === undefined || !result.requests ? undefined : ((cpuAfter - cpuBefore) * 1e6) / result.requests };
  } finally {
    await stopServer(server.child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const band = (figures: Figures, label: string, results: Array<WrkResult & { cpuUs?: number }>) => {
  const rps = results.map((r) => r.rps);
  const cpu = results.flatMap((r) => (r.cpuUs === undefined ? [] : [r.cpuUs]));
  if (cpu.length) figures[`${label}, server CPU per request (µs)`] = median(cpu);
  figures[`${label} (req/s)`] = median(rps);
  figures[`${label} lowest run (req/s)`] = Math.min(...rps);
  figures[`${label} highest run (req/s)`] = Math.max(...rps);
  figures[`${label} p50 (ms)`] = median(results.map((r) => r.p50Ms));
  figures[`${label} p99 (ms)`] = median(results.map((r) => r.p99Ms));
};

/** Conversations made through the API, each with a message (their changes are what the log holds). */
async function converse(sim: RunningSimulator, count: number): Promise<void> {
  const api = `${sim.url}/iamessage/api/v2`;
  const post = async (path: string, body: object, token?: string) => {
    const res = await fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`persist bench set-up: POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { accessToken: string };
  };
  const { accessToken } = await post('/authorization/unauthenticated/access-token', { orgId: sim.orgId, esDeveloperName: sim.esDeveloperName, capabilitiesVersion: '1', platform: 'Web' });
  let next = 0;
  const worker = async () => {
    for (; next < count; next++) {
      const conversationId = crypto.randomUUID();
      await post('/conversation', { conversationId, esDeveloperName: sim.esDeveloperName }, accessToken);
      await post(`/conversation/${conversationId}/message`, { esDeveloperName: sim.esDeveloperName, message: { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'persisted' } } }, accessToken);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * A persisted state of `count` conversations: one made through the API and copied (new ids) to
 * `count` in a state export, started with `--persist` (which writes it as the snapshot), then
 * `LOGGED` more made through the API, which the change log holds. Copying keeps the set-up short on
 * a busy machine; what a restart reads is the same as for conversations made one by one.
 */
const LOGGED = 200;
async function persistedState(dir: string, count: number): Promise<void> {
  const seed = await startSimulator({ log: () => {} });
  await converse(seed, 1);
  const state = seed.exportState();
  await seed.stop();
  const [template] = state.conversations;
  const text = JSON.stringify(template);
  state.conversations = Array.from({ length: count - LOGGED }, () => JSON.parse(text.replaceAll(template!.id, crypto.randomUUID())) as typeof template & object);
  const sim = await startSimulator({ log: () => {}, state, persist: dir });
  await converse(sim, LOGGED);
  await sim.stop();
}

/** A CLI process started on `dir` until its health answers, then killed (-9, as a crash would). */
async function restartMs(dir: string, dataDir: string): Promise<number> {
  const t0 = performance.now();
  const { child, line } = await spawnServer(['bin/miaw-sim.js', 'start', '--port', '0', '--json', '--data-dir', dataDir, '--persist', dir]);
  await (await fetch(`${line.messagingUrl}/__sim/v1/health`)).text();
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return ms;
}

export async function persist(): Promise<Figures> {
  const figures: Figures = {};
  const runs = Math.max(1, Math.min(benchSettings.runs, 5));
  if (wrkAvailable()) {
    const off: Array<WrkResult & { cpuUs?: number }> = [];
    const on: Array<WrkResult & { cpuUs?: number }> = [];
    console.error(`persist: ${runs} run(s) of the message endpoint, persistence off and on (BENCH_SECONDS=${seconds} each)`);
    for (let run = 0; run < runs; run++) {
      off.push(await measure(false));
      on.push(await measure(true));
    }
    band(figures, `persist, message, ${CLIENTS} clients: off`, off);
    band(figures, `persist, message, ${CLIENTS} clients: on`, on);
    figures[`persist, message, ${CLIENTS} clients: on / off`] = median(on.map((r) => r.rps)) / median(off.map((r) => r.rps));
    // What persisting costs in the server's own CPU, which holds still when other processes share the cores (req/s does not).
    const cpu = (results: Array<{ cpuUs?: number }>) => median(results.flatMap((r) => (r.cpuUs === undefined ? [] : [r.cpuUs])));
    if (on.some((r) => r.cpuUs !== undefined)) figures[`persist, message, ${CLIENTS} clients: CPU per request, off / on`] = cpu(off) / cpu(on);
  } else {
    console.log(`persist: message endpoint skipped, wrk is not installed (${WRK_INSTALL_HINT})`);
  }

  const dataDir = tempDir('data');
  const empty = join(tempDir('empty'), 'state');
  const large = join(tempDir('large'), 'state');
  try {
    console.error(`persist: making a persisted state of ${CONVERSATIONS} conversations`);
    const t0 = performance.now();
    await persistedState(large, CONVERSATIONS);
    figures[`persist, set-up of the ${CONVERSATIONS}-conversation state (s)`] = (performance.now() - t0) / 1000;
    figures[`persist, snapshot + log of ${CONVERSATIONS} conversations (MB)`] = (statSync(join(large, 'snapshot.json')).size + statSync(join(large, 'changes.jsonl')).size) / 2 ** 20;
    // Each restart reads the snapshot and replays the change log (a restart that changes nothing
    // appends to that log rather than write a new snapshot); the first one reads the files cold.
    figures[`persist, CLI restart to health OK, ${CONVERSATIONS} conversations, first (ms)`] = await restartMs(large, dataDir);
    const cold: number[] = [];
    const restart: number[] = [];
    for (let run = 0; run < runs; run++) {
      cold.push(await restartMs(empty, dataDir));
      restart.push(await restartMs(large, dataDir));
    }
    figures['persist, CLI start to health OK, empty directory (ms)'] = median(cold);
    figures[`persist, CLI restart to health OK, ${CONVERSATIONS} conversations (ms)`] = median(restart);
    figures[`persist, CLI restart, ${CONVERSATIONS} conversations, lowest run (ms)`] = Math.min(...restart);
    figures[`persist, CLI restart, ${CONVERSATIONS} conversations, highest run (ms)`] = Math.max(...restart);
  } finally {
    for (const dir of [dataDir, empty, large]) rmSync(dir.replace(/\/state$/, ''), { recursive: true, force: true });
  }
  return figures;
}
