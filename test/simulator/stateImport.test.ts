import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { importState } from '../../simulator/server/stateFile.ts';
import { StateFile } from '../../simulator/server/stateSchema.ts';
import { call, getGuestToken, sendMessage, show, signIdentityToken, startConversation, tokenRequestBase } from '../helpers/sim.ts';

const V1 = '/__sim/v1';
const quiet = { log: () => undefined };
/** The two sweeps start a simulator per mutation that imports: slow on a loaded 2-core machine. */
const SLOW = 180_000;

/** A state with something in every section: keys, conversations with entries of several types, events, revocations, cutoffs, routing, a moved clock. */
async function richExport(sim: RunningSimulator): Promise<any> {
  const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = await call(sim, 'POST', `${V1}/orgs/${sim.orgId}/keysets/${sim.keyset}/keys`, { body: { pem: publicPem } });
  expect(key.status, show(key)).toBe(201);
  const verified = await verifiedToken(sim, 'rich-user');
  const id = await startConversation(sim, verified);
  expect((await sendMessage(sim, verified, id, 'hello')).status).toBe(202);
  const reply = await call(sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'Hi, Alex here.', repName: 'Alex' } });
  expect(reply.status, show(reply)).toBe(201);
  const ack = await call(sim, 'POST', `/iamessage/api/v2/conversation/${id}/acknowledge-entries`, {
    token: verified,
    body: { acks: [{ type: 'Delivery', conversationEntryId: reply.body.identifier ?? reply.body.id }], esDeveloperName: sim.esDeveloperName },
  });
  expect(ack.status, show(ack)).toBeLessThan(500);
  const guest = await getGuestToken(sim);
  const closed = await startConversation(sim, guest.accessToken);
  expect((await call(sim, 'POST', `${V1}/conversations/${closed}/close`)).status).toBe(200);
  expect((await call(sim, 'DELETE', '/iamessage/api/v2/authorization/authenticated/access-token', { token: guest.accessToken })).status).toBe(204);
  expect((await call(sim, 'POST', `${V1}/tokens/expire`, { body: {} })).status).toBe(200);
  expect((await call(sim, 'POST', `${V1}/clock/advance`, { body: { minutes: 5 } })).status).toBe(200);
  return (await call(sim, 'GET', `${V1}/state`)).body;
}

async function verifiedToken(sim: RunningSimulator, sub: string): Promise<string> {
  const customerIdentityToken = await signIdentityToken(sim, { claims: { sub } });
  const r = await call(sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', { body: { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken } });
  expect(r.status, show(r)).toBe(200);
  return r.body.accessToken;
}

/**
 * Every read a user makes after an import, and a token exchange for every deployment: the status of
 * each. Nothing here may be a 500.
 */
async function exercise(sim: RunningSimulator, state: any): Promise<Array<[string, number]>> {
  const seen: Array<[string, number]> = [];
  const hit = async (method: string, path: string, options: Parameters<typeof call>[3] = {}) => {
    const r = await call(sim, method, path, options);
    seen.push([`${method} ${path}`, r.status]);
    return r;
  };
  for (const path of ['/clock', '/state', '/conversations', '/orgs', '/deployments', '/keysets', '/routing', '/reps', '/queues', '/health']) await hit('GET', `${V1}${path}`);
  for (const c of Array.isArray(state?.conversations) ? state.conversations : []) if (typeof c?.id === 'string') await hit('GET', `${V1}/conversations/${encodeURIComponent(c.id)}`);
  for (const d of Array.isArray(state?.deployments) ? state.deployments : []) {
    const body = { orgId: d?.orgId, esDeveloperName: d?.name, capabilitiesVersion: '1', platform: 'Web' };
    await hit('POST', '/iamessage/api/v2/authorization/unauthenticated/access-token', { body });
    await hit('GET', `/embeddedservice/v1/embedded-service-config?orgId=${encodeURIComponent(String(d?.orgId))}&esDeveloperName=${encodeURIComponent(String(d?.name))}`);
  }
  const customerIdentityToken = await signIdentityToken(sim, { claims: { sub: 'rich-user' } });
  const token = await hit('POST', '/iamessage/api/v2/authorization/authenticated/access-token', { body: { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken } });
  if (token.status === 200) {
    const accessToken: string = token.body.accessToken;
    const list = await hit('GET', '/iamessage/api/v2/conversation/list', { token: accessToken });
    for (const c of list.status === 200 ? list.body.conversations : []) {
      await hit('GET', `/iamessage/api/v2/conversation/${c.conversationId}/entries`, { token: accessToken });
      await hit('GET', `/iamessage/api/v2/conversation/${c.conversationId}/transcript?esDeveloperName=${sim.esDeveloperName}`, { token: accessToken });
    }
    await hit('GET', '/iamessage/api/v2/authorization/continuation-access-token', { token: accessToken });
    const id = crypto.randomUUID();
    await hit('POST', '/iamessage/api/v2/conversation', { token: accessToken, body: { conversationId: id, esDeveloperName: sim.esDeveloperName } });
    await hit('POST', `/iamessage/api/v2/conversation/${id}/message`, { token: accessToken, body: { esDeveloperName: sim.esDeveloperName, message: { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'after the import' } } } });
  }
  return seen;
}

const serverErrors = (seen: Array<[string, number]>) => seen.filter(([, status]) => status >= 500);

describe('--import: a state export is checked against the schema it is written with', () => {
  let source: RunningSimulator;
  let state: any;
  const keyPair = () => ({ privateKeyPem: source.privateKeyPem, publicKeyPem: source.publicKeyPem });
  const clone = () => structuredClone(state);

  beforeAll(async () => {
    source = await startSimulator(quiet);
    state = await richExport(source);
  });
  afterAll(async () => {
    await source?.stop();
  });

  it('takes every export as written, and writes it back the same (the schema is the export\'s)', async () => {
    expect(StateFile.safeParse(state).success).toBe(true);
    const sim = await startSimulator({ ...quiet, keyPair: keyPair(), state });
    try {
      const again = (await call(sim, 'GET', `${V1}/state`)).body;
      expect({ ...again, clock: undefined }).toEqual({ ...state, clock: undefined });
      expect(again.clock.offsetMs).toBeGreaterThanOrEqual(state.clock.offsetMs);
    } finally {
      await sim.stop();
    }
  });

  it('imports the export of a ManualClock set in the past (a negative offset), keeping it behind real time instead of jumping to now', async () => {
    const past = Date.UTC(2026, 0, 5, 10, 0);
    const first = await startSimulator({ ...quiet, clock: new ManualClock(past) });
    let exported: any;
    try {
      exported = (await call(first, 'GET', `${V1}/state`)).body;
    } finally {
      await first.stop();
    }
    expect(exported.clock.offsetMs).toBeLessThan(0);
    const again = await startSimulator({ ...quiet, clock: new ManualClock(past), state: importState(exported, 'state.json') });
    try {
      // As far behind real time as before (the real time the restart took is added, as after any import), not moved to now.
      const now = (await call(again, 'GET', `${V1}/clock`)).body.now;
      expect(now).toBeGreaterThanOrEqual(past);
      expect(now).toBeLessThan(past + 24 * 3600_000);
    } finally {
      await again.stop();
    }
  });

  it('answers every request after importing a valid export: token exchange, /clock, the conversation list, no 500', async () => {
    const sim = await startSimulator({ ...quiet, keyPair: keyPair(), state: importState(clone(), 'state.json') });
    try {
      const seen = await exercise(sim, state);
      expect(serverErrors(seen)).toEqual([]);
      expect(new Map(seen).get('GET /iamessage/api/v2/conversation/list')).toBe(200);
      expect(new Map(seen).get('POST /iamessage/api/v2/authorization/authenticated/access-token')).toBe(200);
      expect(new Map(seen).get(`GET ${V1}/clock`)).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  const cases: Array<[string, (s: any) => void, RegExp]> = [
    ['an entry that is null', (s) => (s.conversations[0].entries = [null]), /^conversations\.0\.entries\.0: /],
    ['a conversation without sessions', (s) => delete s.conversations[0].sessions, /^conversations\.0\.sessions: .*expected array/],
    ['a deployment without preChatFields', (s) => delete s.deployments[0].preChatFields, /^deployments\.0\.preChatFields: .*expected array/],
    ['a key without publicJwk', (s) => delete s.keysets[0].keys[0].publicJwk, /^keysets\.0\.keys\.0\.publicJwk: /],
    ['a key modulus that is not base64url', (s) => (s.keysets[0].keys[0].publicJwk.n = '!!'), /^keysets\.0\.keys\.0\.publicJwk\.n: must be base64url/],
    ['a key too small to verify with', (s) => (s.keysets[0].keys[0].publicJwk.n = 'AQAB'), /^keysets\.0\.keys\.0\.publicJwk: is not a usable RSA public key: The RSA key has \d+ bits; at least 2048 are required/],
    ['a private key part in a JWK', (s) => (s.keysets[0].keys[0].publicJwk.d = 'AQAB'), /^keysets\.0\.keys\.0\.publicJwk\.d: is a private key part/],
    ['a clock ten thousand years ahead', (s) => (s.clock.offsetMs = 1e16), /^clock\.offsetMs: must be at most ten years/],
    ['a clock ten thousand years behind', (s) => (s.clock.offsetMs = -1e16), /^clock\.offsetMs: must be at most ten years behind/],
    ['an event sequence behind the events kept', (s) => (s.events.seq = 0), /^events\.seq: must be at least \d+, the highest event id/],
    ['event ids that repeat', (s) => (s.events.events[1].id = s.events.events[0].id), /^events\.events\.1\.id: must be greater than the id before it/],
    ['a time past the year 9999', (s) => (s.conversations[0].startTimestamp = 1e17), /^conversations\.0\.startTimestamp: must be a time before the year 10000/],
    ['a deployment of an org not declared', (s) => (s.deployments[0].orgId = '00DNOPE00000001'), /^deployments\.0\.orgId: no org "00DNOPE00000001" is declared/],
    ['a conversation of a deployment not declared', (s) => (s.conversations[0].deployment = 'Gone'), /^conversations\.0\.deployment: no deployment "Gone"/],
    ['a session status that does not exist', (s) => (s.conversations[0].sessions[0].status = 'Paused'), /^conversations\.0\.sessions\.0\.status: /],
  ];

  it.each(cases)('refuses %s, naming the field and what was expected, before anything starts', async (_name, mutate, expected) => {
    const bad = clone();
    mutate(bad);
    let message = '';
    await startSimulator({ ...quiet, keyPair: keyPair(), state: bad }).then(
      async (sim) => sim.stop(),
      (err: Error) => void (message = err.message),
    );
    expect(message).toMatch(/^\[miaw-sim\] Cannot import the state given to startSimulator: /);
    expect(message.replace(/^\[miaw-sim\] Cannot import the state given to startSimulator: /, '')).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  /** Start from `mutated`: refused at import with one line naming the field, or started and answering without a 500. */
  async function refusedOrWorks(mutated: unknown, label: string): Promise<void> {
    let sim: RunningSimulator;
    try {
      sim = await startSimulator({ ...quiet, keyPair: keyPair(), state: mutated as any });
    } catch (err) {
      expect((err as Error).message, label).toMatch(/^\[miaw-sim\] Cannot import the state given to startSimulator: \S+: [^\n]+$/);
      return;
    }
    try {
      expect(serverErrors(await exercise(sim, mutated)), label).toEqual([]);
    } finally {
      await sim.stop();
    }
  }

  it('a state without any one of its fields (or an array\'s first item) is refused at import, or works: never a 500 later', async () => {
    for (const path of pathsOf(state)) {
      const mutated = clone();
      mutate(mutated, path, 'drop');
      await refusedOrWorks(mutated, `without ${path.join('.')}`);
    }
  }, SLOW);

  it('a state with any field of a wrong type or out of range is refused at import, or works: never a 500 later', async () => {
    const paths = pathsOf(state);
    const wrongValues = [null, 0, -1, 1e16, '', 'x', true, [], {}, [null]];
    await fc.assert(
      fc.asyncProperty(fc.nat(paths.length - 1), fc.constantFrom(...wrongValues), async (at, value) => {
        const mutated = clone();
        mutate(mutated, paths[at]!, value);
        await refusedOrWorks(mutated, `${paths[at]!.join('.')} = ${JSON.stringify(value)}`);
      }),
      { numRuns: 200 },
    );
  }, SLOW);
});

/**
 * Every path in a JSON value (objects' keys, arrays' indexes), the root left out. Of an array's
 * items only the first is walked into (the rest have the same fields), so every field is as likely.
 */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (!value || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.slice(0, 1).map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

/** Drop the value at `path` (or set it to `change`). */
function mutate(root: any, path: Array<string | number>, change: unknown): void {
  const parent = path.slice(0, -1).reduce((node, k) => node[k], root);
  const last = path.at(-1)!;
  if (change !== 'drop') parent[last] = change;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}
