/**
 * The simulator alone in a process of its own, for the stream and memory benchmarks:
 * `node --expose-gc --import tsx bench/serveSimulator.ts [journalLimit] [--key-pair-stdin]` (or env BENCH_JOURNAL_LIMIT;
 * the simulator's default when neither is given). Prints one JSON line `{url, orgId, esDeveloperName, kid, issuer, pid}`.
 * On SIGUSR2 it runs a full garbage collection (when started with --expose-gc) and prints
 * `{"gc":true,"youngMb":...,"heapUsedMb":...}`, so the benchmark can read a settled VmRSS from /proc. It exits on its own once its parent is gone, and
 * cleanly on SIGTERM.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { startSimulator } from '../simulator/index.ts';

const args = process.argv.slice(2).filter((a) => a !== '--key-pair-stdin');
const limitArg = args[0] ?? process.env.BENCH_JOURNAL_LIMIT;
const journalLimit = limitArg === undefined || limitArg === '' ? undefined : Number(limitArg);
if (journalLimit !== undefined && !(Number.isInteger(journalLimit) && journalLimit >= 0)) {
  console.error(`serveSimulator: journal limit must be an integer >= 0, got ${JSON.stringify(limitArg)}`);
  process.exit(2);
}

/** With `--key-pair-stdin` the default key pair comes as JSON `{privateKeyPem, publicKeyPem}` on stdin (the handoff bench signs with it). */
const keyPair = process.argv.includes('--key-pair-stdin') ? (JSON.parse(await readStdin()) as { privateKeyPem: string; publicKeyPem: string }) : undefined;

const sim = await startSimulator({ log: () => {}, ...(journalLimit === undefined ? {} : { journalLimit }), ...(keyPair ? { keyPair } : {}) });
console.log(JSON.stringify({ url: sim.url, orgId: sim.orgId, esDeveloperName: sim.esDeveloperName, kid: sim.kid, issuer: sim.issuer, pid: process.pid, journalLimit: sim.options.journalLimit }));

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  // V8's young generation stays at up to 32 MB for seconds after a busy spell, whatever is held; report it so it can be told apart.
  const young = getHeapSpaceStatistics().filter((s) => s.space_name.startsWith('new_'));
  const youngMb = young.reduce((sum, s) => sum + s.physical_space_size, 0) / 2 ** 20;
  console.log(JSON.stringify({ gc: Boolean(gc), youngMb, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 }));
});

// A clean exit on SIGTERM, so a diagnostic `node --cpu-prof` or `--heap-prof` run writes its profile.
process.on('SIGTERM', () => process.exit(0));

// An orphaned server (the benchmark was killed) would hold its port and memory forever: follow the parent out.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
