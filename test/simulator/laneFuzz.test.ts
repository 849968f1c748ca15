import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createHandler } from '../../simulator/server/app.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { requestBytes, requestTemplate, type RequestTemplate } from '../helpers/laneFuzzArbitraries.ts';
import { exchange, type Answer, type Exchange } from '../helpers/rawExchange.ts';
import { getGuestToken, signIdentityToken, startConversation, useSim } from '../helpers/sim.ts';

// Differential fuzzing of the simulator's two HTTP paths: adversarial requests (test/helpers/
// laneFuzzArbitraries.ts) go byte for byte over raw sockets to the express app alone, then to the
// simulator's own handler (the node:http lanes, http/hotLane.ts and http/dataPlaneLane.ts, in front
// of the same app), over one state. Each path gets its own access token and conversation, made the
// same way, so both see state of the same shape. Status lines, header lines (names, order, values)
// and body bytes must match, and so must how the connection behaves after the answer (a second
// request on it, and whether the server closes it). Normalised, because they differ per response or
// per path by design: the Date header; each path's own token, conversation and fresh ids; minted
// JWTs, UUIDs and record ids; a token reply's lastEventId and an event's `id:` (the event log's
// count, further on the second path); and Content-Length where those made the body's length differ.
//
// Seeded: LANE_FUZZ_SEED picks the seed (the default is fixed), LANE_FUZZ_RUNS the number of runs
// (default 100, a few seconds; `LANE_FUZZ_RUNS=3000` for the long run).

const RUNS = Number(process.env.LANE_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.LANE_FUZZ_SEED ?? 20261203);
/** How long an answer may take before the exchange counts as waiting (a body shorter than its Content-Length): longer for a large body. */
const waitMs = (bytes: Buffer) => 300 + Math.ceil(bytes.length / 250);

const suite = useSim({ clock: new ManualClock() });
type Target = 'express' | 'lane';
const servers = {} as Record<Target, { server: Server; port: number }>;

async function listen(listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

beforeAll(async () => {
  servers.express = await listen(createApp(suite.ctx));
  servers.lane = await listen(createHandler(suite.ctx));
});
afterAll(async () => {
  for (const { server } of Object.values(servers)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A request the lane serves itself: sent after the fuzzed one on the same connection, it shows the connection is still in step. */
const PROBE = (host: string) => Buffer.from(`GET /embeddedservice/v1/businesshours?orgId=00DSIM000000001&esConfigName=Sim_Web HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 'latin1');

/** One path's own values for a template's placeholders. */
interface Values {
  TOKEN: string;
  CONV: string;
  CONV_UPPER: string;
  CONV_PCT: string;
  NEWID: string;
  IDENTITY: string;
}

async function valuesFor(t: RequestTemplate): Promise<Values> {
  const { sim } = suite;
  const { accessToken } = await getGuestToken(sim);
  const conv = await startConversation(sim, accessToken);
  const usesIdentity = t.body?.includes('{IDENTITY}') ?? false;
  return { TOKEN: accessToken, CONV: conv, CONV_UPPER: conv.toUpperCase(), CONV_PCT: `%${conv.charCodeAt(0).toString(16)}${conv.slice(1)}`, NEWID: crypto.randomUUID(), IDENTITY: usesIdentity ? await signIdentityToken(sim, { claims: { sub: crypto.randomUUID() } }) : '<no identity token>' };
}

const fill = (text: string, values: Values) => text.replace(/\{(TOKEN|CONV_UPPER|CONV_PCT|CONV|NEWID|IDENTITY)\}/g, (_, name: keyof Values) => values[name]);
const filled = (t: RequestTemplate, values: Values): RequestTemplate => ({
  ...t,
  target: fill(t.target, values),
  headers: t.headers.map(([n, v]) => [n, fill(v, values)]),
  body: t.body === undefined ? undefined : fill(t.body, values),
});

/** The answer as compared: per-response and per-path values replaced by their names. */
function normalised(answer: Answer, values: Values): Answer {
  let body = answer.body;
  for (const name of ['TOKEN', 'CONV_UPPER', 'CONV_PCT', 'CONV', 'NEWID', 'IDENTITY'] as const) body = body.split(values[name]).join(`<${name}>`);
  body = body.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>').replace(UUID, '<uuid>').replace(RECORD_ID, '<record id>').replace(/"lastEventId":"\d+"/g, '"lastEventId":"<n>"').replace(/^id: \d+$/gm, 'id: <n>');
  const lengthChanged = body.length !== answer.body.length;
  const headers = answer.headers.map((line) => {
    const name = line.slice(0, line.indexOf(':')).toLowerCase();
    if (name === 'date') return 'Date: <date>';
    if (name === 'content-length' && lengthChanged) return 'Content-Length: <n>';
    return line;
  });
  return { ...answer, headers, body };
}

/** Ids the simulator mints per token or conversation: a token's device and subject, an entry's id, a session's record id. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const RECORD_ID = /(?<![0-9A-Za-z])(005|02s|0Cv|0JR|0Mw)[0-9A-Za-z]{15}(?![0-9A-Za-z])/g;

const show = (bytes: Buffer) => {
  const text = bytes.toString('latin1');
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} bytes)` : text;
};

/** The template through both paths: the express app first, then the lane. */
async function throughBoth(t: RequestTemplate): Promise<Record<Target, Exchange> & { sent: Buffer }> {
  const result = {} as Record<Target, Exchange> & { sent: Buffer };
  for (const target of ['express', 'lane'] as const) {
    const values = await valuesFor(t);
    const host = `127.0.0.1:${servers[target].port}`;
    const { request, leftover } = requestBytes(filled(sendable(t), values), host);
    const bytes = Buffer.concat([request, leftover]);
    if (target === 'express') result.sent = bytes;
    // What follows the request goes out once its answer is in (in one write with it only when pipelined, and nothing is left over).
    const writes = t.pipelined && leftover.length === 0 && !asksToClose(t) ? [Buffer.concat([request, PROBE(host)])] : [request, Buffer.concat([leftover, PROBE(host)])];
    const seen = await exchange(servers[target].port, writes, [t.method === 'HEAD', false], waitMs(bytes));
    result[target] = { ...seen, answers: seen.answers.map((a) => normalised(a, values)) };
  }
  return result;
}

/**
 * A request after which the client may send nothing more on the connection (HTTP/1.0 without
 * keep-alive, `Connection: close`): node's own parser refuses what follows it with a bare 400 once
 * it reads it, so whether the first answer gets out first depends only on when it is written
 * (docs/fidelity.md, "Requests pipelined after a close"). Nothing is sent after such a request here.
 */
const asksToClose = (t: RequestTemplate): boolean => {
  const connection = t.headers.filter(([n]) => n.toLowerCase() === 'connection').map(([, v]) => v.toLowerCase());
  return connection.includes('close') || (t.version === '1.0' && !connection.includes('keep-alive'));
};

/** The template as sent: after a request that asks to close, no bytes beyond its body (unframed or cut short, they would read as a next request). */
const sendable = (t: RequestTemplate): RequestTemplate => (asksToClose(t) && (t.framing === 'none' || t.framing === 'short') ? { ...t, framing: 'length' } : t);

const openConnections = (target: Target) => new Promise<number>((resolve) => servers[target].server.getConnections((_, n) => resolve(n)));

const prototypeKeys = (): string[] => [Object.prototype, Array.prototype, Function.prototype].flatMap((p) => Object.getOwnPropertyNames(p));

describe('the node:http lanes answer whatever express answers (differential fuzzing)', () => {
  it(`${RUNS} adversarial requests, seed ${SEED}: same bytes, no 5xx, no pollution, no connection left hanging`, async () => {
    const clean = prototypeKeys();
    await fc.assert(
      fc.asyncProperty(requestTemplate, async (t) => {
        const { sent, express, lane } = await throughBoth(t);
        const context = `request:\n${show(sent)}`;
        expect(lane, context).toEqual(express);
        // express's own answer must not be a crash either.
        for (const answer of express.answers) expect(answer.statusLine ?? '', context).not.toMatch(/^HTTP\/1\.1 5/);
        expect(prototypeKeys(), context).toEqual(clean);
        expect(({} as Record<string, unknown>).polluted, context).toBeUndefined();
        // Every connection the client closed is gone on the server's side too.
        for (const target of ['express', 'lane'] as const) await expect.poll(() => openConnections(target), { interval: 10, timeout: 1000, message: `${target} ${context}` }).toBe(0);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 30_000 + RUNS * 250);
});
