import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { SignJWT, importPKCS8, type JWTPayload } from 'jose';
import { generateRsaKeyPair, type PemKeyPair } from '../../simulator/auth/keyPair.ts';
import { startSimulator, type RunningSimulator, type StartOptions } from '../../simulator/index.ts';
import type { SimContext } from '../../simulator/server/context.ts';
import { startServer } from '../../simulator/server/start.ts';

let fileKeyPair: Promise<PemKeyPair> | undefined;
/**
 * The default key pair of every useSim simulator in a test file, made once at run time (never
 * committed): a 2048-bit RSA key takes from a tenth of a second to seconds on a loaded 2-core
 * machine, and each simulator would otherwise make its own. `useSim({ keyPair })` still wins.
 */
const sharedKeyPair = () => (fileKeyPair ??= generateRsaKeyPair());

/**
 * Simulators a test starts and stops itself (restarts, imports): `start` (quiet unless told), `stop`
 * one early; whatever is still running is stopped after each test.
 */
export function restartableSims(): { start: (options?: StartOptions) => Promise<RunningSimulator>; stop: (sim: RunningSimulator) => Promise<void> } {
  const running: RunningSimulator[] = [];
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.stop();
  });
  return {
    async start(options = {}) {
      const sim = await startSimulator({ log: () => undefined, ...options });
      running.push(sim);
      return sim;
    },
    async stop(sim) {
      running.splice(running.indexOf(sim), 1);
      await sim.stop();
    },
  };
}

/**
 * A fresh simulator for the calling suite on an ephemeral 127.0.0.1 port, reset before each test.
 * Log lines the simulator writes are captured in `logs` (tests check no secret leaks into them).
 */
export function useSim(options: StartOptions = {}): { readonly sim: RunningSimulator; readonly ctx: SimContext; logs: string[] } {
  const logs: string[] = [];
  let sim: RunningSimulator | undefined;
  let ctx: SimContext | undefined;
  beforeAll(async () => {
    ({ running: sim, ctx } = await startServer({ log: (line) => logs.push(line), ...options, keyPair: options.keyPair ?? (await sharedKeyPair()) }));
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(async () => {
    await fetch(`${sim!.url}/__sim/v1/reset`, { method: 'POST' });
  });
  return {
    get sim() {
      if (!sim) throw new Error('simulator not started');
      return sim;
    },
    /** The simulator's services, for the few tests that look inside (users' code never can). */
    get ctx() {
      if (!ctx) throw new Error('simulator not started');
      return ctx;
    },
    logs,
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** fetch with JSON in and out; the body is parsed when it is JSON. */
export async function call<T = any>(
  sim: RunningSimulator,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(sim.url + path, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Render a response for assertion messages, so a failing expectation shows what came back. */
export const show = (r: ApiResponse) => `${r.status} ${r.text}`;

export interface IdentityTokenOptions {
  alg?: string;
  kid?: string | null;
  claims?: JWTPayload;
  privateKeyPem?: string;
  expiresIn?: string | number;
}

/** A customer identity token signed with the simulator's default key, overridable piece by piece. */
export async function signIdentityToken(sim: RunningSimulator, options: IdentityTokenOptions = {}): Promise<string> {
  const key = await importPKCS8(options.privateKeyPem ?? sim.privateKeyPem, 'RS256');
  const header: Record<string, unknown> = { alg: options.alg ?? 'RS256' };
  if (options.kid !== null) header.kid = options.kid ?? sim.kid;
  const jwt = new SignJWT({ sub: 'customer-1', iss: sim.issuer, ...options.claims }).setProtectedHeader(header as { alg: string }).setIssuedAt();
  jwt.setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(key);
}

export const tokenRequestBase = (sim: RunningSimulator) => ({
  orgId: sim.orgId,
  esDeveloperName: sim.esDeveloperName,
  capabilitiesVersion: '1',
  platform: 'Web',
});

export async function getGuestToken(sim: RunningSimulator): Promise<{ accessToken: string; lastEventId: string; body: any }> {
  const r = await call(sim, 'POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { body: tokenRequestBase(sim) });
  if (r.status !== 200) throw new Error(`guest token: ${show(r)}`);
  return { accessToken: r.body.accessToken, lastEventId: r.body.lastEventId, body: r.body };
}

export async function getVerifiedToken(sim: RunningSimulator, sub = 'customer-1'): Promise<{ accessToken: string; lastEventId: string; body: any }> {
  const customerIdentityToken = await signIdentityToken(sim, { claims: { sub } });
  const r = await call(sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', {
    body: { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken },
  });
  if (r.status !== 200) throw new Error(`verified token: ${show(r)}`);
  return { accessToken: r.body.accessToken, lastEventId: r.body.lastEventId, body: r.body };
}

export async function startConversation(
  sim: RunningSimulator,
  token: string,
  routingAttributes?: Record<string, string>,
): Promise<string> {
  const conversationId = crypto.randomUUID();
  const r = await call(sim, 'POST', '/iamessage/api/v2/conversation', {
    token,
    body: { conversationId, esDeveloperName: sim.esDeveloperName, ...(routingAttributes ? { routingAttributes } : {}) },
  });
  if (r.status !== 201) throw new Error(`create conversation: ${show(r)}`);
  return conversationId;
}

export const textMessage = (text: string, id: string = crypto.randomUUID()) => ({
  id,
  messageType: 'StaticContentMessage',
  staticContent: { formatType: 'Text', text },
});

export async function sendMessage(sim: RunningSimulator, token: string, conversationId: string, text: string, extra: Record<string, unknown> = {}) {
  return call(sim, 'POST', `/iamessage/api/v2/conversation/${conversationId}/message`, {
    token,
    body: { esDeveloperName: sim.esDeveloperName, message: textMessage(text), ...extra },
  });
}

/** The control API's view of a conversation (what Salesforce recorded). */
export async function recorded(sim: RunningSimulator, conversationId: string): Promise<any> {
  const r = await call(sim, 'GET', `/__sim/v1/conversations/${conversationId}`);
  if (r.status !== 200) throw new Error(`recorded conversation: ${show(r)}`);
  return r.body;
}

/** The state export minus the journal-like parts that legitimately change on every request. */
export async function stateSnapshot(sim: RunningSimulator): Promise<unknown> {
  return (await call(sim, 'GET', '/__sim/v1/state')).body;
}
