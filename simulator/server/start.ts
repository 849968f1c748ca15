import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { assignKid, toPublicRsaJwk } from '../auth/publicKey.ts';
import { generateRsaKeyPair } from '../auth/keyPair.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { defaultSeed, type Seed } from '../config/seed.ts';
import type { Clock } from '../shared/clock.ts';
import { to18 } from '../shared/ids.ts';
import { DEFAULT_CONSUMER_KEY, DEFAULT_DEPLOYMENT, DEFAULT_INTEGRATION_USER, DEFAULT_ISSUER, DEFAULT_KEYSET, DEFAULT_ORG_ID } from '../store/seed.ts';
import { bindsBeyondLoopback, interfaceAddresses } from './accessPolicy.ts';
import { createHandler } from './app.ts';
import type { SimContext } from './context.ts';
import { createContext } from './createContext.ts';
import { listen } from './listen.ts';
import type { SimOptions } from './options.ts';
import { PersistDir } from './persist/persistDir.ts';
import { attachPersistence } from './persist/persistence.ts';
import { unchangedByStart } from './persist/unchangedByStart.ts';
import { checkedState, exportState, type ImportedState, type StateSnapshot } from './stateFile.ts';
import { tlsSetup } from './tls.ts';
import { checkOptionRanges } from './optionRanges.ts';

export interface StartOptions extends Partial<SimOptions> {
  clock?: Clock;
  log?: (line: string) => void;
  /**
   * Start from a state export (`GET /__sim/v1/state`, or `readStateFile()`), as `--import` does for
   * the CLI. Checked against the export's schema first: a bad one rejects naming the field.
   */
  state?: StateSnapshot | ImportedState;
  /** Secret access tokens are signed with (random when left out); the same one keeps issued tokens valid across a restart. */
  tokenSecret?: Uint8Array;
  /** The default identity-token key pair (generated in memory when left out); the same one keeps `kid` and `clientConfig` valid across a restart. */
  keyPair?: { privateKeyPem: string; publicKeyPem: string };
  /** A `miaw-sim.config.json` file: more orgs, keysets, deployments, routing and reps (`--config`). */
  configFile?: string;
  /** Where a generated TLS certificate is kept and reused (`--data-dir`); in memory when left out. */
  dataDir?: string;
  /**
   * Keep the state in this directory as it changes (`--persist`), and continue from it when it holds
   * one: every change a reply acknowledged survives the process being killed. The directory holds the
   * token secret, the default key pair and every conversation (files 0600). Its token secret and key
   * pair win over `tokenSecret` (and, when `keyPair` is left out, the key pair) once it holds a state.
   */
  persist?: string;
  /** With `persist`: also fsync each change, so it survives the machine losing power (slower). */
  persistFsync?: boolean;
}

export interface RunningSimulator {
  /** Messaging URL to give a MIAW client (`http://127.0.0.1:<port>`). */
  url: string;
  port: number;
  /** The control API's base (`<url>/__sim/v1`), the rep console and the customer widget. */
  controlUrl: string;
  consoleUrl: string;
  widgetUrl: string;
  orgId: string;
  orgId18: string;
  esDeveloperName: string;
  keyset: string;
  issuer: string;
  /** Auth Key ID of the default key: put it in identity tokens as `kid`. */
  kid: string;
  /** PEM (PKCS#8) of the default key: sign identity tokens with it. */
  privateKeyPem: string;
  publicKeyPem: string;
  /** With `tls` (or `cert`/`key`): the certificate served (PEM), for a client to trust. */
  certificatePem?: string;
  /** With `tls`: the certificate file (when kept in `dataDir` or given), the names it is valid for, and whether it was generated. */
  tls: { certificateFile: string | null; hosts: string[]; generated: boolean } | null;
  /**
   * When it listens beyond loopback (`host` 0.0.0.0, ::, or an outside address): the URLs other
   * machines reach it at, and the control token they must send (`x-miaw-sim-token`, or open the
   * pages once with `?token=`). Absent on loopback, where only this machine can reach it.
   */
  exposed?: { urls: string[]; controlToken: string; tokenGenerated: boolean };
  /** The orgs served, with their deployments and keysets (no key material). */
  orgs: Array<{ id: string; deployments: string[]; keysets: Array<{ name: string; issuer: string; kids: string[] }> }>;
  /** The options in force (defaults filled in). */
  options: Readonly<SimOptions>;
  /** Everything the handoff client needs to hand off to this simulator: `createHandoffClient(sim.clientConfig)`. */
  clientConfig: {
    messagingUrl: string;
    orgId: string;
    esDeveloperName: string;
    authPublicKeyPem: string;
    authPrivateKeyPem: string;
    authKeyId: string;
    issuer: string;
    /** How long the client waits on a silent stream: more than two of this simulator's pings (`pingIntervalMs`), never under the client's 55 s default. */
    streamIdleTimeoutMs: number;
    /** Email Cases: the default connected app (whose certificate key is the default key pair) and its integration user. */
    emailCase: { loginUrl: string; consumerKey: string; username: string; privateKeyPem: string };
  };
  /** The simulator as a request handler (node:http's `(req, res)`): mount it in your own server, or drive it with supertest. */
  app: RequestListener;
  /** The whole state, as `GET /__sim/v1/state` answers it (`writeStateFile` saves it for `--import`). */
  exportState(): StateSnapshot;
  stop(): Promise<void>;
}

/** Everything but the listening socket: the seed (defaults + config file), the context and its app. */
async function prepare(options: StartOptions): Promise<{ ctx: SimContext; app: RequestListener; seed: Seed; kid: string; keys: { privateKeyPem: string; publicKeyPem: string } }> {
  const { clock, log, state, tokenSecret, keyPair, configFile, dataDir: _dataDir, persist, persistFsync, ...simOptions } = options;
  checkOptionRanges(simOptions);
  const persistDir = persist ? new PersistDir(persist, { fsync: Boolean(persistFsync) }) : undefined;
  try {
    const restored = persistDir?.read();
    if (restored && state) throw new Error(`[miaw-sim] ${persistDir!.dir} already holds a state: start without --import to continue it, or give --persist an empty directory.`);
    const keys = keyPair ?? restored?.keyPair ?? (await generateRsaKeyPair());
    const defaults = await defaultSeed(keys.publicKeyPem, Date.now());
    const seed = configFile ? await loadConfig(configFile, defaults.seed, Date.now()) : defaults.seed;
    // Checked before anything starts, also when it comes from code: a bad state stops start-up naming the field.
    const imported = restored ? checkedState(restored.state, restored.source) : state === undefined ? undefined : checkedState(state, 'the state given to startSimulator');
    const secret = restored?.tokenSecret ?? tokenSecret ?? (persistDir ? randomBytes(32) : undefined);
    const ctx = createContext({ seed, clock, log, state: imported, tokenSecret: secret, options: simOptions, defaultKeys: { ...keys, kid: defaults.kid } });
    if (restored) {
      ctx.faults.restore(restored.faults);
      ctx.log(`[miaw-sim] Continuing the state in ${persistDir!.dir}: ${ctx.store.conversations.size} conversation(s), events up to id ${ctx.store.events.lastId}${restored.tornLine ? '; a change cut short by the crash (never acknowledged) was left out' : ''}.`);
    }
    if (persistDir) ctx.persist = attachPersistence(ctx, persistDir, keys, { generation: restored?.generation ?? 0, continueLog: restored && unchangedByStart(ctx, restored) ? { snapshotBytes: restored.snapshotBytes } : undefined });
    return { ctx, app: createHandler(ctx), seed, kid: defaults.kid, keys };
  } catch (err) {
    persistDir?.close();
    throw err;
  }
}

/**
 * Start a simulator: on an ephemeral 127.0.0.1 port unless `port`/`host` say otherwise, with the
 * embedded defaults (plus `configFile`) and a key pair generated in memory unless one is given.
 * Nothing is written to disk unless `dataDir` is given for a TLS certificate. The one way a
 * simulator starts: `miaw-sim start` and users' test suites both come here.
 */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return (await startServer(options)).running;
}

/** `startSimulator`, also giving back the services (for the simulator's own tests). */
export async function startServer(options: StartOptions): Promise<{ running: RunningSimulator; ctx: SimContext }> {
  const { ctx, app, seed, kid, keys } = await prepare({ port: 0, ...options });
  const { tls: wantsTls, tlsHost, cert, key, host, port } = ctx.options;
  const tls = wantsTls || cert || key ? await tlsSetup({ hosts: tlsHost, certFile: cert, keyFile: key, dataDir: options.dataDir }).catch((err: unknown) => {
    ctx.persist?.close();
    throw err;
  }) : undefined;
  const listening = await listen(app, ctx, host, port, tls).catch((err: NodeJS.ErrnoException) => {
    ctx.persist?.close();
    if (err.code === 'EADDRINUSE') throw new Error(`[miaw-sim] Port ${port} is in use on ${host}: pass --port 0 for a free one, or stop the other process.`);
    if (err.code === 'EACCES') throw new Error(`[miaw-sim] Not allowed to listen on ${host}:${port}: use a port above 1023, or --port 0 for a free one.`);
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') throw new Error(`[miaw-sim] ${host} is not a name or address this machine can listen on (${err.code}): use --host 127.0.0.1 (or 0.0.0.0 for every interface).`);
    if (err.code === 'EADDRNOTAVAIL') throw new Error(`[miaw-sim] ${host} is not an address of this machine: use --host 127.0.0.1 (or 0.0.0.0 for every interface).`);
    throw err;
  });
  const url = listening.url;
  const running: RunningSimulator = {
    url,
    port: listening.port,
    controlUrl: `${url}/__sim/v1`,
    consoleUrl: `${url}/console/`,
    widgetUrl: `${url}/widget/`,
    orgId: DEFAULT_ORG_ID,
    orgId18: to18(DEFAULT_ORG_ID),
    esDeveloperName: DEFAULT_DEPLOYMENT,
    keyset: DEFAULT_KEYSET,
    issuer: DEFAULT_ISSUER,
    kid,
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    certificatePem: tls?.cert,
    tls: tls ? { certificateFile: tls.certFile ?? null, hosts: tls.hosts, generated: tls.generated } : null,
    orgs: describeSeed(seed),
    ...(ctx.access.controlToken && bindsBeyondLoopback(host) ? { exposed: { urls: reachableUrls(host, listening.port, Boolean(tls)), controlToken: ctx.access.controlToken, tokenGenerated: ctx.access.controlTokenGenerated } } : {}),
    options: ctx.options,
    clientConfig: {
      messagingUrl: url,
      orgId: DEFAULT_ORG_ID,
      esDeveloperName: DEFAULT_DEPLOYMENT,
      authPublicKeyPem: keys.publicKeyPem,
      authPrivateKeyPem: keys.privateKeyPem,
      authKeyId: kid,
      issuer: DEFAULT_ISSUER,
      streamIdleTimeoutMs: streamIdleTimeoutFor(ctx.options.pingIntervalMs),
      emailCase: { loginUrl: url, consumerKey: DEFAULT_CONSUMER_KEY, username: DEFAULT_INTEGRATION_USER, privateKeyPem: keys.privateKeyPem },
    },
    app,
    exportState: () => exportState(ctx),
    stop: async () => {
      await listening.close();
      ctx.persist?.close();
    },
  };
  return { running, ctx };
}

/**
 * The simulator as a request handler (node:http's `(req, res)`) that never listens: mount it in your
 * own server or drive it with supertest. (The widget's in-process handoff and the live feed need `startSimulator`.)
 */
export async function createApp(options: StartOptions = {}): Promise<RequestListener> {
  return (await prepare(options)).app;
}

/** The orgs a seed serves, with their deployments and keysets (what the banner lists). */
function describeSeed(seed: Seed): RunningSimulator['orgs'] {
  return seed.orgs.map((o) => ({
    id: o.id,
    deployments: seed.deployments.filter((d) => d.orgId === o.id).map((d) => d.name),
    keysets: seed.keysets.filter((k) => k.orgId === o.id).map((k) => ({ name: k.name, issuer: k.issuer, kids: k.keys.map((x) => x.kid) })),
  }));
}

/** The Auth Key ID the simulator gives a public key (PEM): stable for the same key. */
export const authKeyIdOf = (publicKeyPem: string): Promise<string> => assignKid(toPublicRsaJwk({ pem: publicKeyPem }));

/** The URLs a simulator bound to `host` answers on from other machines (every interface's for a wildcard bind). */
function reachableUrls(host: string, port: number, tls: boolean): string[] {
  const scheme = tls ? 'https' : 'http';
  const hosts = host === '0.0.0.0' ? interfaceAddresses().filter((a) => a.includes('.')) : host === '::' ? interfaceAddresses() : [host];
  return hosts.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}`);
}

/** A stream silent for longer than two pings and a margin is stalled; the client accepts up to an hour. */
export const streamIdleTimeoutFor = (pingIntervalMs: number): number => Math.min(3_600_000, Math.max(55_000, 2 * pingIntervalMs + 5_000));
