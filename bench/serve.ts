/**
 * A server for the benchmark, in a process of its own so the load generator does not share its CPU:
 * `sim` (the simulator on its defaults; `sim <dir>` with `--persist <dir>`), `express` (a bare express app: the framework's own ceiling),
 * `node` (bare node:http: the physical ceiling), `spin <us>` (bare node:http spending that much CPU per
 * request: bench/tails.ts) or `prism` (Stoplight Prism mocking the same
 * operations). Prints one JSON line, a BenchTarget: the URL and what valid requests need. Each kind
 * loads only its own modules (the bare servers stay bare, and start fast). Started with an IPC
 * channel, it also answers bench/loopStats.ts (event-loop delay and GC pauses during each run).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { placeholderTarget, type BenchTarget } from './benchTarget.ts';
import { answerLoopStats } from './loopStats.ts';

const listening = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

const targets: Record<string, () => Promise<BenchTarget>> = {
  sim: async () => (await import('./simulatorTarget.ts')).simulatorTarget(process.argv[3]),
  node: async () => placeholderTarget(await listening((await import('./echoServers.ts')).bareNodeServer())),
  // Bare node:http plus a fixed CPU cost per request (`spin <us>`): the tail model (bench/tails.ts).
  spin: async () => {
    const [{ bareNodeServer }, { spinner }] = await Promise.all([import('./echoServers.ts'), import('./spin.ts')]);
    return placeholderTarget(await listening(bareNodeServer(spinner(Number(process.argv[3])))));
  },
  express: async () => placeholderTarget(await listening((await import('./echoServers.ts')).bareExpressServer())),
  prism: async () => placeholderTarget(await (await import('./prismServer.ts')).startPrism()),
};

const kind = process.argv[2] ?? 'sim';
if (!targets[kind]) throw new Error(`bench/serve.ts: unknown server kind "${kind}"; known: ${Object.keys(targets).join(', ')}`);
console.log(JSON.stringify(await targets[kind]()));
// Started by the throughput bench (with an IPC channel): its event loop's delays and GC pauses, per run.
answerLoopStats();

// A clean exit on SIGTERM, so a `node --cpu-prof` run (bench/profile.ts) writes its profile.
if (kind !== 'prism') process.on('SIGTERM', () => process.exit(0));
