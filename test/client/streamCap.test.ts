import { describe, expect, it } from 'vitest';
import { createHandoffClient, StreamError } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import type { HandoffSession } from '../../client/types.ts';
import { call, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

const SSE = '/eventrouter/v1/sse';

/** Two sessions of one contact: the client hands both off with the same cached access token. */
function sameContact(): [HandoffSession, HandoffSession] {
  const a = fakeSession({ seed: 7 });
  const b = fakeSession({ seed: 8 });
  b.contact = { ...a.contact };
  return [a, b];
}

describe('the handoff client and the cap on event streams per access token', () => {
  // Pings every 100 ms keep healthy streams from being taken for stalled by the short read-idle time below.
  const t = useSim({ maxStreamsPerToken: 1, pingIntervalMs: 100 });

  const openStreams = async () => (await call(t.sim, 'GET', '/__sim/v1/health')).body.openStreams as number;
  const sseStatuses = async () => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path === SSE).map((r: any) => r.status);

  it('reconnecting a stalled stream never trips the cap: the old stream is closed first', async () => {
    await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { path: SSE }, action: { type: 'stall-stream' }, times: 2 } });
    const client = createHandoffClient(configFor(t.sim, { streamIdleTimeoutMs: 300 }), { stream: { reconnectBaseMs: 50 } });
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/messages`, { body: { text: 'after two stalls' } });
    expect(r.status, show(r)).toBe(201);
    await sink.waitFor(() => sink.messages().length === 1);
    handoff.stream.close();
    expect(handoff.stream.stalls).toBeGreaterThanOrEqual(2);
    expect(await sseStatuses()).not.toContain(429);
  });

  it('keeps retrying a stream refused with 429 and follows the conversation once a slot frees', async () => {
    const [first, second] = sameContact();
    let gate: (() => Promise<void>) | undefined;
    const delays: number[] = [];
    const client = createHandoffClient(configFor(t.sim), {
      // The first back-off is the second stream's, after its 429: free the slot, then let it reconnect.
      sleep: async (ms) => {
        delays.push(ms);
        const open = gate;
        gate = undefined;
        await open?.();
      },
      stream: { reconnectBaseMs: 10 },
    });
    const a = messaging(await client.handoff(first, new RecordingSink()));
    gate = async () => {
      a.stream.close();
      while ((await openStreams()) > 0) await new Promise((r) => setTimeout(r, 20));
    };
    const sink = new RecordingSink();
    const b = messaging(await client.handoff(second, sink));
    const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${b.conversationId}/messages`, { body: { text: 'hello second' } });
    expect(r.status, show(r)).toBe(201);
    await sink.waitFor(() => sink.messages().length === 1);
    b.stream.close();

    expect(sink.messages()).toEqual(['hello second']);
    expect(b.stream.reconnects).toBe(1);
    expect(delays).toEqual([10]);
    expect(await sseStatuses()).toContain(429);
  });

  it('gives up with a StreamError naming the 429 and the cap when no slot frees', async () => {
    const [first, second] = sameContact();
    const client = createHandoffClient(configFor(t.sim), { sleep: async () => undefined, stream: { reconnectBaseMs: 1, maxReconnects: 2 } });
    const a = messaging(await client.handoff(first, new RecordingSink()));
    const b = messaging(await client.handoff(second, new RecordingSink()));
    const error = await b.stream.done.catch((e: unknown) => e);
    a.stream.close();
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ step: 'subscribe', status: 429 });
    expect((error as StreamError).message).toMatch(/refused and 2 reconnects failed \(HTTP 429\): .*TOO_MANY_EVENT_STREAMS/);
    expect((error as StreamError).hint).toMatch(/too many may be open with this access token/);
  });
});
