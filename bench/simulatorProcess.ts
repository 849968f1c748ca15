import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnServer } from './spawnServer.ts';

/** Where the simulator of bench/serveSimulator.ts listens, as its first stdout line says. */
export interface SimulatorAddress {
  url: string;
  orgId: string;
  esDeveloperName: string;
  /** Auth Key ID and issuer of the default key pair: what identity tokens carry as `kid` and `iss`. */
  kid: string;
  issuer: string;
}

/** The simulator's memory after a full GC in it and a short settle, in MB. */
export interface MemorySample {
  /** VmRSS from /proc. */
  rssMb: number;
  /** V8's young generation, part of rssMb: 1-32 MB depending on how busy the last seconds were, not on what is held. */
  youngMb: number;
}

export interface SimulatorProcess extends SimulatorAddress {
  pid: number;
  memory(): Promise<MemorySample>;
  kill(): void;
}

/**
 * bench/serveSimulator.ts in its own process (with --expose-gc), `journalLimit` undefined = the
 * simulator's default; `keyPair` its default identity-token key pair (handed over on stdin), so
 * this process can sign identity tokens it accepts.
 */
export async function startSimulatorProcess(journalLimit?: number, keyPair?: { privateKeyPem: string; publicKeyPem: string }): Promise<SimulatorProcess> {
  const args = ['--expose-gc', '--import', 'tsx', 'bench/serveSimulator.ts', ...(journalLimit === undefined ? [] : [String(journalLimit)]), ...(keyPair ? ['--key-pair-stdin'] : [])];
  const { child, line } = await spawnServer(args, { input: keyPair && JSON.stringify(keyPair) });
  const pid = Number(line.pid);
  const lines = createInterface({ input: child.stdout! });
  let gcDone: ((youngMb: number) => void) | undefined;
  lines.on('line', (text) => {
    if (text.includes('"gc"')) gcDone?.((JSON.parse(text) as { youngMb: number }).youngMb);
  });
  return {
    url: line.url!,
    orgId: line.orgId!,
    esDeveloperName: line.esDeveloperName!,
    kid: line.kid!,
    issuer: line.issuer!,
    pid,
    async memory() {
      const youngMb = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('simulator did not answer the GC request within 30 s')), 30_000);
        gcDone = (young) => {
          clearTimeout(timer);
          resolve(young);
        };
        process.kill(pid, 'SIGUSR2');
      });
      await sleep(300); // V8 hands freed pages back to the OS on a background thread
      return { rssMb: vmRssMb(pid), youngMb };
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/** VmRSS of a process in MB (1 MB = 2^20 bytes), from /proc/<pid>/status (Linux only). */
export function vmRssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}
