import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { readStateFile, startSimulator, writeStateFile, type SimOptions } from '../simulator/index.ts';
import { banner, type StartInfo } from './banner.ts';
import { openDataDir } from './dataDir.ts';

export interface StartCommandOptions {
  options: Partial<SimOptions>;
  dataDir: string;
  config?: string;
  importFile?: string;
  exportOnExit?: string;
  json: boolean;
}

/** `miaw-sim start`: the data dir's key pair, the defaults (+ config file), listen, print what a client needs, export on exit. */
export async function startCommand(cmd: StartCommandOptions): Promise<void> {
  const data = await openDataDir(cmd.dataDir);
  const sim = await startSimulator({
    ...cmd.options,
    keyPair: { privateKeyPem: readFileSync(data.privateKeyFile, 'utf8'), publicKeyPem: data.publicKeyPem },
    tokenSecret: data.tokenSecret,
    configFile: cmd.config,
    state: cmd.importFile ? readStateFile(cmd.importFile) : undefined,
    dataDir: data.dir,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (cmd.exportOnExit) {
      writeStateFile(cmd.exportOnExit, sim.exportState());
      console.error(`[miaw-sim] State written to ${cmd.exportOnExit}.`);
    }
    await sim.stop();
    console.error(`[miaw-sim] Stopped (${signal}).`);
    process.exit(0);
  };
  // Installed before the ready line: a supervisor that signals as soon as it reads it still stops us cleanly.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const info: StartInfo = {
    messagingUrl: sim.url,
    controlApiUrl: sim.controlUrl,
    orgId: sim.orgId,
    orgId18: sim.orgId18,
    esDeveloperName: sim.esDeveloperName,
    keyset: sim.keyset,
    issuer: sim.issuer,
    authKeyId: sim.kid,
    privateKeyFile: data.privateKeyFile,
    publicKeyFile: data.publicKeyFile,
    consoleUrl: sim.consoleUrl,
    widgetUrl: sim.widgetUrl,
    tls: sim.tls,
    // Since the Node process started (performance's time origin): what the user waited, module loading included.
    startupMs: Math.round(performance.now()),
    orgs: sim.orgs,
  };
  process.stdout.write(cmd.json ? `${JSON.stringify(info)}\n` : `${banner(info)}\n`);
}
