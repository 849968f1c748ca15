import type { Express } from 'express';
import { createApp } from './server/app.ts';
import { generateRsaKeyPair } from './auth/keyPair.ts';
import type { Clock } from './shared/clock.ts';
import type { SimContext } from './server/context.ts';
import { createContext } from './server/createContext.ts';
import { to18 } from './shared/ids.ts';
import { listen } from './server/listen.ts';
import type { SimOptions } from './server/options.ts';
import type { StateSnapshot } from './store/store.ts';
import { tlsSetup } from './server/tls.ts';
import { DEFAULT_DEPLOYMENT, DEFAULT_ISSUER, DEFAULT_KEYSET, DEFAULT_ORG_ID, defaultSeed } from './store/seed.ts';
import type { StoredSettingsInput } from '../client/settingsFile.ts';

export { createApp } from './server/app.ts';
export { createContext } from './server/createContext.ts';
export { ManualClock, SimClock, type Clock } from './shared/clock.ts';
export type { SimOptions } from './server/options.ts';

export interface StartOptions extends Partial<SimOptions> {
  clock?: Clock;
  log?: (line: string) => void;
  /** Start from a state export (`GET /__sim/v1/state`), as `--import` does for the CLI. */
  state?: StateSnapshot;
  /** Secret access tokens are signed with (random when left out); the same one keeps issued tokens valid across a restart. */
  tokenSecret?: Uint8Array;
  /** The default identity-token key pair (generated in memory when left out); the same one keeps `kid` and `clientConfig` valid across a restart. */
  keyPair?: { privateKeyPem: string; publicKeyPem: string };
}

export interface RunningSimulator {
  /** Messaging URL to give a MIAW client (`http://127.0.0.1:<port>`). */
  url: string;
  port: number;
  orgId: string;
  orgId18: string;
  esDeveloperName: string;
  keyset: string;
  issuer: string;
  /** Auth Key ID of the generated default key: put it in identity tokens as `kid`. */
  kid: string;
  /** PEM (PKCS#8) of the default key, generated in memory for this run: sign identity tokens with it. */
  privateKeyPem: string;
  publicKeyPem: string;
  /** With `tls` (or `cert`/`key`): the certificate served (PEM), for a client to trust. */
  certificatePem?: string;
  /** Everything the handoff client needs to hand off to this simulator: `createHandoffClient(sim.clientConfig)`. */
  clientConfig: StoredSettingsInput & { messagingUrl: string };
  app: Express;
  ctx: SimContext;
  stop(): Promise<void>;
}

/**
 * Start a simulator in-process on an ephemeral 127.0.0.1 port with the embedded defaults and a key
 * pair generated in memory (nothing is written to disk; with `tls: true` neither is the
 * certificate: trust `certificatePem`). For a user's own test suites.
 */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { clock, log, state, tokenSecret, keyPair, ...simOptions } = options;
  const keys = keyPair ?? (await generateRsaKeyPair());
  const { seed, kid } = await defaultSeed(keys.publicKeyPem, Date.now());
  const ctx = createContext({ seed, clock, log, state, tokenSecret, options: { port: 0, ...simOptions }, defaultKeys: { privateKeyPem: keys.privateKeyPem, publicKeyPem: keys.publicKeyPem, kid } });
  const app = createApp(ctx);
  const { tls: wantsTls, tlsHost, cert, key } = ctx.options;
  const tls = wantsTls || cert || key ? await tlsSetup({ hosts: tlsHost, certFile: cert, keyFile: key }) : undefined;
  const listening = await listen(app, ctx, ctx.options.host, ctx.options.port, tls);
  return {
    url: listening.url,
    port: listening.port,
    orgId: DEFAULT_ORG_ID,
    orgId18: to18(DEFAULT_ORG_ID),
    esDeveloperName: DEFAULT_DEPLOYMENT,
    keyset: DEFAULT_KEYSET,
    issuer: DEFAULT_ISSUER,
    kid,
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    certificatePem: tls?.cert,
    clientConfig: {
      messagingUrl: listening.url,
      orgId: DEFAULT_ORG_ID,
      esDeveloperName: DEFAULT_DEPLOYMENT,
      authPublicKeyPem: keys.publicKeyPem,
      authPrivateKeyPem: keys.privateKeyPem,
      authKeyId: kid,
      issuer: DEFAULT_ISSUER,
    },
    app,
    ctx,
    stop: listening.close,
  };
}
