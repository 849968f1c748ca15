import { fork, type ChildProcess } from 'node:child_process';
import { BENCH_ROOT } from './spawnServer.ts';
import { startSimulatorProcess, type SimulatorAddress, type SimulatorProcess } from './simulatorProcess.ts';

/** What bench/streamClients.ts is asked to do, one command at a time. */
export type ClientCommand =
  /** New customers, each with a guest token and a conversation; with `messages`, the customer and the rep say one thing each. */
  | { type: 'customers'; count: number; messages: boolean }
  /** An event stream for every customer that has none. */
  | { type: 'openStreams' }
  | { type: 'closeStreams' }
  /** The rep accepts, then messages, `samples` conversations spread over the open streams: ms from POST start to the frame on the stream. */
  | { type: 'latency'; samples: number };

/** How a bulk command went: wall time and how many items worked (failures counted, the first one quoted). */
export interface BulkResult {
  ms: number;
  done: number;
  failed: number;
  firstError?: string;
}

export type ClientReply = BulkResult & { latencies?: number[]; acceptMs?: number[]; openStreams: number };

/** The stream clients in a process of their own (the simulator's sockets and theirs would not fit one fd limit). */
export interface StreamClients {
  send(command: ClientCommand): Promise<ClientReply>;
  kill(): void;
}

export function forkStreamClients(sim: SimulatorAddress): StreamClients {
  const child: ChildProcess = fork('bench/streamClients.ts', [JSON.stringify({ url: sim.url, orgId: sim.orgId, esDeveloperName: sim.esDeveloperName })], { cwd: BENCH_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending: { resolve: (r: ClientReply) => void; reject: (e: Error) => void } | undefined;
  child.on('message', (message) => {
    const reply = message as ClientReply & { error?: string };
    const waiter = pending;
    pending = undefined;
    if (reply.error) waiter?.reject(new Error(`stream clients: ${reply.error}`));
    else waiter?.resolve(reply);
  });
  child.on('exit', (code, signal) => pending?.reject(new Error(`stream clients exited (${code ?? signal})`)));
  return {
    send: (command) =>
      new Promise((resolve, reject) => {
        if (pending) throw new Error('one stream clients command at a time');
        pending = { resolve, reject };
        child.send(command);
      }),
    kill: () => child.kill('SIGKILL'),
  };
}

/** A fresh simulator process and a fresh stream clients process for `work`; both are killed afterwards, also on failure. */
export async function withSimulatorAndClients<T>(journalLimit: number | undefined, work: (sim: SimulatorProcess, clients: StreamClients) => Promise<T>): Promise<T> {
  const sim = await startSimulatorProcess(journalLimit);
  let clients: StreamClients | undefined;
  try {
    clients = forkStreamClients(sim);
    return await work(sim, clients);
  } finally {
    clients?.kill();
    sim.kill();
  }
}
