import type { Express } from 'express';
import { createApp } from './app.ts';
import { generateRsaKeyPair } from './auth/keyPair.ts';
import type { Clock } from './clock.ts';
import type { SimContext } from './context.ts';
import { createContext } from './createContext.ts';
import { to18 } from './ids.ts';
import { listen } from './listen.ts';
import type { SimOptions } from './options.ts';
import { DEFAULT_DEPLOYMENT, DEFAULT_ISSUER, DEFAULT_KEYSET, DEFAULT_ORG_ID, defaultSeed } from './seed.ts';

export { createApp } from './app.ts';
export { createContext } from './createContext.ts';
export { ManualClock, SimClock, type Clock } from './clock.ts';
export type { SimOptions } from './options.ts';

export interface StartOptions extends Partial<SimOptions> {
  clock?: Clock;
  log?: (line: string) => void;
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
  /** Everything the handoff client needs to hand off to this simulator: `createHandoffClient(sim.clientConfig)`. */
  clientConfig: {
    messagingUrl: string;
    orgId: string;
    esDeveloperName: string;
    authPublicKeyPem: string;
    authPrivateKeyPem: string;
    authKeyId: string;
    issuer: string;
  };
  app: Express;
  ctx: SimContext;
  stop(): Promise<void>;
}

/**
 * Start a simulator in-process on an ephemeral 127.0.0.1 port with the embedded defaults and a key
 * pair generated in memory (nothing is written to disk). For a user's own test suites.
 */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { clock, log, ...simOptions } = options;
  const keys = await generateRsaKeyPair();
  const { seed, kid } = await defaultSeed(keys.publicKeyPem, Date.now());
  const ctx = createContext({ seed, clock, log, options: { port: 0, ...simOptions } });
  const app = createApp(ctx);
  const listening = await listen(app, ctx, ctx.options.host, ctx.options.port);
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
