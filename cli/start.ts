import { performance } from 'node:perf_hooks';
import { redact } from '../client/redact.ts';
import { banner, type StartInfo } from './banner.ts';
import { launch, stopWithParent, type LaunchOptions } from './launch.ts';

export interface StartCommandOptions extends LaunchOptions {
  json: boolean;
}

/** `miaw-sim start`: the data dir's key pair, the defaults (+ config file), listen, print what a client needs, export on exit. */
export async function startCommand(cmd: StartCommandOptions): Promise<void> {
  const { sim, data, shutdown } = await launch(cmd);

  const stop = (reason: string) =>
    void shutdown().then((exported) => {
      console.error(`[miaw-sim] Stopped (${reason}).`);
      process.exit(exported ? 0 : 1);
    });
  // Installed before the ready line: a supervisor that signals as soon as it reads it still stops us cleanly.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  stopWithParent(stop);

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
    exposed: sim.exposed
      ? { urls: sim.exposed.urls, controlTokenFile: cmd.options.controlToken ? '(given with --control-token)' : data.controlTokenFile, controlTokenPreview: redact(sim.exposed.controlToken) }
      : null,
  };
  process.stdout.write(cmd.json ? `${JSON.stringify(info)}\n` : `${banner(info)}\n`);
}
