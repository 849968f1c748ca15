import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandoffClient, HandoffError, type Handoff, type HandoffSession } from '../../client/index.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { messaging, RecordingSink } from '../helpers/handoff.ts';
import { addFault, inPool, intFromEnv, withTimeout } from '../helpers/reliability.ts';
import { call, show } from '../helpers/sim.ts';

/**
 * N concurrent handoffs with the real client against one simulator while about one call in ten
 * fails (503, connection reset before or after the handler ran, dropped event streams). Nothing may
 * be lost or duplicated: one conversation per handoff session, one transcript message, every rep
 * reply at the sink once and in order. `MIAW_RELIABILITY_HANDOFFS` / `_CONCURRENCY` scale it up.
 */
const HANDOFFS = intFromEnv('MIAW_RELIABILITY_HANDOFFS', 200);
const CONCURRENCY = intFromEnv('MIAW_RELIABILITY_CONCURRENCY', 50);
const REPLIES = 3;
const API = '/iamessage/api/v2';
const TOKEN = `${API}/authorization/authenticated/access-token`;
const CREATE = `${API}/conversation`;
const MESSAGE = `${API}/conversation/*/message`;
const SSE = '/eventrouter/v1/sse';

/** The fault mix, each rule with its own seed: about 10% of the calls to each endpoint the client uses. */
const RULES = [
  ...[TOKEN, CREATE, MESSAGE].flatMap((path, i) => [
    { match: { method: 'POST', path }, action: { type: 'status', status: 503 }, probability: 0.04, seed: 101 + i },
    { match: { method: 'POST', path }, action: { type: 'reset' }, probability: 0.035, seed: 201 + i },
    { match: { method: 'POST', path }, action: { type: 'reset-after' }, probability: 0.035, seed: 301 + i },
  ]),
  { match: { method: 'GET', path: SSE }, action: { type: 'status', status: 503 }, probability: 0.03, seed: 401 },
  { match: { method: 'GET', path: SSE }, action: { type: 'reset' }, probability: 0.02, seed: 402 },
  { match: { method: 'GET', path: SSE }, action: { type: 'reset-after' }, probability: 0.02, seed: 405 },
  { match: { method: 'GET', path: SSE }, action: { type: 'drop-stream', afterEvents: 0 }, probability: 0.02, seed: 403 },
  { match: { method: 'GET', path: SSE }, action: { type: 'drop-stream', afterEvents: 2 }, probability: 0.03, seed: 404 },
];

interface Outcome {
  index: number;
  session: HandoffSession;
  handoff?: Handoff;
  error?: unknown;
  streamError?: unknown;
  sink: RecordingSink;
  replies: string[];
}

const countBy = (names: string[]) => Object.fromEntries([...new Set(names)].map((n) => [n, names.filter((m) => m === n).length]));
const replyTexts = (index: number) => Array.from({ length: REPLIES }, (_, k) => `reply ${k + 1} of ${REPLIES} to handoff ${index}`);

function sessionFor(index: number): HandoffSession {
  return {
    sessionId: randomUUID(),
    channel: 'web',
    language: 'en',
    contact: { id: `load-contact-${index}`, name: `Customer ${index}`, authenticated: true },
    summary: `Customer ${index} asks for a person about order ${index}.`,
    history: [
      { speaker: 'customer', text: `Where is order ${index}?`, at: Date.now() - 60_000 },
      { speaker: 'bot', text: 'Let me find someone who can help.', at: Date.now() - 30_000 },
    ],
  };
}

describe(`load with faults: ${HANDOFFS} handoffs, ${CONCURRENCY} at a time, ~10% of calls failing`, () => {
  let sim: RunningSimulator;
  const logs: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ log: (line) => logs.push(line), journalLimit: HANDOFFS * 40 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  /** The rep (control API, never faulted) answers, then ends the session; the stream settles after that. */
  async function runOne(client: ReturnType<typeof createHandoffClient>, index: number): Promise<Outcome> {
    const outcome: Outcome = { index, session: sessionFor(index), sink: new RecordingSink(), replies: replyTexts(index) };
    try {
      outcome.handoff = messaging(await client.handoff(outcome.session, outcome.sink));
    } catch (error) {
      outcome.error = error;
      return outcome;
    }
    const path = `/__sim/v1/conversations/${outcome.handoff.conversationId}`;
    for (const text of outcome.replies) {
      const r = await call(sim, 'POST', `${path}/messages`, { body: { text } });
      if (r.status !== 201) throw new Error(`rep reply: ${show(r)}`);
    }
    const ended = await call(sim, 'POST', `${path}/end-session`);
    if (ended.status !== 200) throw new Error(`end session: ${show(ended)}`);
    try {
      await withTimeout(outcome.handoff.stream.done, 15_000, `the event stream of handoff ${index}`);
    } catch (error) {
      outcome.streamError = error;
      outcome.handoff.stream.close();
    }
    return outcome;
  }

  it('completes or fails each handoff cleanly; nothing is lost or duplicated', { timeout: 30_000 + HANDOFFS * 250 }, async () => {
    for (const rule of RULES) await addFault(sim, rule);
    const client = createHandoffClient(
      { ...sim.clientConfig, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 } },
      { sleep: async () => undefined, stream: { reconnectBaseMs: 1, maxReconnects: 10 } },
    );
    const started = performance.now();
    const outcomes = await inPool(
      Array.from({ length: HANDOFFS }, (_, i) => i),
      CONCURRENCY,
      (i) => runOne(client, i),
    );
    const elapsedMs = performance.now() - started;

    const completed = outcomes.filter((o) => o.handoff);
    const failed = outcomes.filter((o) => o.error !== undefined);
    // Every failure is a named HandoffError that says which step failed, why and what to do.
    for (const o of failed) {
      expect(o.error, String(o.error)).toBeInstanceOf(HandoffError);
      const e = o.error as HandoffError;
      expect(e.name).toMatch(/^(TokenExchangeError|CreateConversationError|SendMessageError)$/);
      expect(e.message).toMatch(/^\[miaw-handoff\] .+ Hint: \S/);
      expect(e.retryable).toBe(true);
    }
    expect(completed.length + failed.length).toBe(HANDOFFS);
    expect(completed.length).toBeGreaterThanOrEqual(HANDOFFS * 0.9);
    expect(outcomes.filter((o) => o.streamError).map((o) => `${o.index}: ${String(o.streamError)}`)).toEqual([]);

    // Every rep reply reached its sink exactly once, in order, and the session end once, last.
    for (const o of completed) {
      const label = `handoff ${o.index}: ${JSON.stringify(o.sink.events)}`;
      expect(o.sink.messages(), label).toEqual(o.replies);
      expect(o.sink.events.filter((e) => e.type === 'session-ended'), label).toHaveLength(1);
      expect(o.sink.events.at(-1)?.type, label).toBe('session-ended');
      expect(o.sink.events.filter((e) => e.type === 'participant' && e.operation === 'joined'), label).toHaveLength(1);
    }

    // What the simulator recorded: one conversation per handoff session at most, exactly one with
    // the id the client returned for a completed one; one transcript message; replies once, in order.
    const state = (await call(sim, 'GET', '/__sim/v1/state')).body;
    const bySession = new Map<string, any[]>();
    for (const c of state.conversations) {
      const key = c.sessions[0]?.routingAttributes?.OpencxSessionId;
      bySession.set(key, [...(bySession.get(key) ?? []), c]);
    }
    const known = new Set(outcomes.map((o) => o.session.sessionId));
    expect([...bySession.keys()].filter((k) => !known.has(k))).toEqual([]);
    for (const o of outcomes) {
      const recorded = bySession.get(o.session.sessionId) ?? [];
      const label = `handoff ${o.index} (${o.handoff ? 'completed' : String(o.error)})`;
      expect(recorded.length, label).toBeLessThanOrEqual(1);
      const conversation = recorded[0];
      if (!conversation) {
        expect(o.handoff, label).toBeUndefined();
        continue;
      }
      const ids = conversation.entries.map((e: any) => e.identifier);
      expect(new Set(ids).size, label).toBe(ids.length);
      expect(conversation.sessions, label).toHaveLength(1);
      expect(conversation.entries.filter((e: any) => e.entryType === 'RoutingResult'), label).toHaveLength(1);
      const fromCustomer = conversation.entries.filter((e: any) => e.entryType === 'Message' && e.sender.role === 'EndUser').map((e: any) => e.identifier);
      if (!o.handoff) {
        expect(fromCustomer.length, label).toBeLessThanOrEqual(1);
        continue;
      }
      expect(conversation.id, label).toBe(o.handoff.conversationId);
      expect(fromCustomer, label).toEqual(o.handoff.transcriptMessageIds);
      const fromRep = conversation.entries.filter((e: any) => e.entryType === 'Message' && e.sender.role === 'Agent');
      expect(fromRep.map((e: any) => e.payload.abstractMessage.staticContent.text), label).toEqual(o.replies);
    }
    const allIds = state.conversations.flatMap((c: any) => c.entries.map((e: any) => e.identifier));
    expect(new Set(allIds).size).toBe(allIds.length);
    const eventIds: number[] = state.events.events.map((e: any) => e.id);
    expect(eventIds).toEqual([...new Set(eventIds)].sort((a, b) => a - b));

    // No 5xx the faults did not ask for, nothing logged as an internal error, no stream left open.
    const journal = (await call(sim, 'GET', '/__sim/v1/journal')).body.requests;
    expect(journal.filter((q: any) => q.status >= 500 && !q.fault).map((q: any) => `${q.method} ${q.path} ${q.status} ${q.errorCode}`)).toEqual([]);
    expect(logs.filter((line) => line.includes('Internal error'))).toEqual([]);
    await expect.poll(async () => (await call(sim, 'GET', '/__sim/v1/health')).body.openStreams, { timeout: 5000 }).toBe(0);

    const rules = (await call(sim, 'GET', '/__sim/v1/faults')).body.rules as any[];
    const served = rules.reduce((n, r) => n + r.served, 0);
    const calls = journal.filter((q: any) => !q.path.startsWith('/__sim/')).length;
    expect(served).toBeGreaterThan(0);
    const byKind = rules.map((r) => `${r.match.method} ${r.match.path.replace(API, '')} ${r.action.type}${r.action.status ?? ''}${r.action.afterEvents ?? ''}=${r.served}`);
    console.log(
      `[reliability] ${HANDOFFS} handoffs (${CONCURRENCY} at a time) in ${Math.round(elapsedMs)} ms: ${completed.length} completed, ${failed.length} failed ` +
        `${JSON.stringify(countBy(failed.map((o) => (o.error as HandoffError).name)))}; ${served} faults served over ${calls} data-plane calls ` +
        `(${((100 * served) / Math.max(calls, 1)).toFixed(1)}%); reconnects ${completed.reduce((n, o) => n + o.handoff!.stream.reconnects, 0)}\n  ${byKind.join('\n  ')}`,
    );
  });
});
