import { readFileSync } from 'node:fs';
import { bindsBeyondLoopback, defaultOptions, readStateFile, startSimulator, writeStateFile, type RunningSimulator, type SimOptions } from '../simulator/index.ts';
import { openDataDir, type DataDir } from './dataDir.ts';

/** What `start` and `exec` share: the start flags. */
export interface LaunchOptions {
  options: Partial<SimOptions>;
  dataDir: string;
  config?: string;
  importFile?: string;
  exportOnExit?: string;
  /** `--persist <dir>` (and `--persist-fsync`): the state kept on disk as it changes. */
  persist?: string;
  persistFsync?: boolean;
}

export interface Launched {
  sim: RunningSimulator;
  data: DataDir;
  /**
   * Export the state if asked (`--export-on-exit`), then stop serving. Safe to call twice. Resolves
   * false when the export could not be written (its one-line reason already printed).
   */
  shutdown(): Promise<boolean>;
}

/** Start the simulator the CLI way: the data dir's key pair and token secret, a config file, an import. */
export async function launch(cmd: LaunchOptions): Promise<Launched> {
  const data = await openDataDir(cmd.dataDir);
  const host = cmd.options.host ?? defaultOptions.host;
  const controlToken = cmd.options.controlToken ?? (bindsBeyondLoopback(host) ? data.controlToken() : undefined);
  const sim = await startSimulator({
    ...cmd.options,
    ...(controlToken ? { controlToken } : {}),
    keyPair: { privateKeyPem: readFileSync(data.privateKeyFile, 'utf8'), publicKeyPem: data.publicKeyPem },
    tokenSecret: data.tokenSecret,
    configFile: cmd.config,
    state: cmd.importFile ? readStateFile(cmd.importFile) : undefined,
    dataDir: data.dir,
    persist: cmd.persist,
    persistFsync: cmd.persistFsync,
  });
  let stopping: Promise<boolean> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      let exported = true;
      if (cmd.exportOnExit) {
        try {
          writeStateFile(cmd.exportOnExit, sim.exportState());
          console.error(`[miaw-sim] State written to ${cmd.exportOnExit}.`);
        } catch (err) {
          // One line (the file and the cause), no stack: the simulator still stops.
          console.error((err as Error).message);
          exported = false;
        }
      }
      await sim.stop();
      return exported;
    })());
  return { sim, data, shutdown };
}

/**
 * Stop when the process that started us goes away: `npm run sim` killed (even with SIGKILL, which
 * npm cannot pass on) leaves us a child of init. Checked once a second, never keeping us alive.
 */
export function stopWithParent(stop: (reason: string) => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop('parent process exited');
  }, 1000);
  timer.unref();
}
