import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createApp } from '../simulator/server/app.ts';
import { loadConfig } from '../simulator/config/loadConfig.ts';
import { createContext } from '../simulator/server/createContext.ts';
import { to18 } from '../simulator/shared/ids.ts';
import { listen } from '../simulator/server/listen.ts';
import type { SimOptions } from '../simulator/server/options.ts';
import { DEFAULT_DEPLOYMENT, DEFAULT_ISSUER, DEFAULT_KEYSET, DEFAULT_ORG_ID, defaultSeed } from '../simulator/store/seed.ts';
import { exportState } from '../simulator/server/stateExport.ts';
import { banner, describeSeed, type StartInfo } from './banner.ts';
import { openDataDir } from './dataDir.ts';
import { readStateFile, writeStateFile } from './stateFile.ts';
import { tlsSetup } from '../simulator/server/tls.ts';

export interface StartCommandOptions {
  options: Partial<SimOptions>;
  dataDir: string;
  config?: string;
  importFile?: string;
  exportOnExit?: string;
  json: boolean;
}

/** `miaw-sim start`: defaults (+ config file), listen, print what a client needs, export on exit. */
export async function startCommand(cmd: StartCommandOptions): Promise<void> {
  const data = await openDataDir(cmd.dataDir);
  const { seed: defaults, kid } = await defaultSeed(data.publicKeyPem, Date.now());
  const seed = cmd.config ? await loadConfig(cmd.config, defaults, Date.now()) : defaults;
  const state = cmd.importFile ? readStateFile(cmd.importFile) : undefined;
  const defaultKeys = { privateKeyPem: readFileSync(data.privateKeyFile, 'utf8'), publicKeyPem: data.publicKeyPem, kid };
  const ctx = createContext({ seed, state, options: cmd.options, tokenSecret: data.tokenSecret, defaultKeys });
  const { tls: wantsTls, tlsHost, cert, key } = ctx.options;
  const tls = wantsTls || cert || key ? await tlsSetup({ hosts: tlsHost, certFile: cert, keyFile: key, dataDir: data.dir }) : undefined;
  const listening = await listen(createApp(ctx), ctx, ctx.options.host, ctx.options.port, tls);

  const info: StartInfo = {
    messagingUrl: listening.url,
    controlApiUrl: `${listening.url}/__sim/v1`,
    orgId: DEFAULT_ORG_ID,
    orgId18: to18(DEFAULT_ORG_ID),
    esDeveloperName: DEFAULT_DEPLOYMENT,
    keyset: DEFAULT_KEYSET,
    issuer: DEFAULT_ISSUER,
    authKeyId: kid,
    privateKeyFile: data.privateKeyFile,
    publicKeyFile: data.publicKeyFile,
    consoleUrl: `${listening.url}/console/`,
    widgetUrl: `${listening.url}/widget/`,
    tls: tls ? { certificateFile: tls.certFile ?? null, hosts: tls.hosts, generated: tls.generated } : null,
    // Since the Node process started (performance's time origin): what the user waited, module loading included.
    startupMs: Math.round(performance.now()),
    orgs: describeSeed(seed),
  };
  process.stdout.write(cmd.json ? `${JSON.stringify(info)}\n` : `${banner(info)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (cmd.exportOnExit) {
      writeStateFile(cmd.exportOnExit, exportState(ctx));
      ctx.log(`[miaw-sim] State written to ${cmd.exportOnExit}.`);
    }
    await listening.close();
    ctx.log(`[miaw-sim] Stopped (${signal}).`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
