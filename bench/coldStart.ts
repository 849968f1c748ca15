import { startSimulator } from '../simulator/index.ts';
import { spawnServer } from './spawnServer.ts';
import { benchSettings, median, type Figures } from './stats.ts';

async function coldStartCli(): Promise<number> {
  const t0 = performance.now();
  const { child, line } = await spawnServer(['bin/miaw-sim.js', 'start', '--port', '0', '--json', '--data-dir', '.miaw-sim/bench']);
  await (await fetch(`${line.messagingUrl}/__sim/v1/health`)).text();
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  return ms;
}

async function coldStartInProcess(): Promise<number> {
  const t0 = performance.now();
  const sim = await startSimulator({ log: () => {} });
  await (await fetch(`${sim.url}/__sim/v1/health`)).text();
  const ms = performance.now() - t0;
  await sim.stop();
  return ms;
}

/** Cold start to health OK: the CLI in a new process, and startSimulator() in this one. */
export async function coldStart(): Promise<Figures> {
  const cli: number[] = [];
  const inProcess: number[] = [];
  for (let i = 0; i < benchSettings.runs; i++) {
    cli.push(await coldStartCli());
    inProcess.push(await coldStartInProcess());
  }
  return {
    'cold start, CLI process to health OK (ms)': median(cli),
    'cold start, in-process to health OK (ms)': median(inProcess),
  };
}
