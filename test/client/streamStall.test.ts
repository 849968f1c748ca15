import { describe, expect, it } from 'vitest';
import { createHandoffClient, StreamError } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import type { FetchFn } from '../../client/miawApi.ts';
import { call, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

const SSE = '/eventrouter/v1/sse';

/** fetch that records the Last-Event-ID of every event-stream connect (undefined when none was sent). */
function recordingFetch() {
  const resumes: Array<string | undefined> = [];
  const fetchFn: FetchFn = (input, init) => {
    if (String(input).includes(SSE)) resumes.push((init?.headers as Record<string, string> | undefined)?.['Last-Event-ID']);
    return fetch(input, init);
  };
  return { resumes, fetchFn };
}

// Read-idle times are short (300-400 ms), so healthy streams get pings every 100 ms; on a loaded
// machine a healthy stream may still be taken for stalled now and then: that costs a reconnect, never
// a reply, so the counts below are lower bounds and only the delivered replies are exact.
describe('a stalled event stream (open socket, no bytes) in the handoff client', () => {
  const t = useSim({ pingIntervalMs: 100 });

  const fault = async (body: unknown) => {
    const r = await call(t.sim, 'POST', '/__sim/v1/faults', { body });
    expect(r.status, show(r)).toBe(201);
  };
  const repSays = async (conversationId: string, text: string) => {
    const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/messages`, { body: { text } });
    expect(r.status, show(r)).toBe(201);
  };

  it('gives up on a silent stream after the read-idle time and resumes with Last-Event-ID: every reply once, in order', async () => {
    await fault({ match: { path: SSE }, action: { type: 'stall-stream' }, times: 1 });
    const { resumes, fetchFn } = recordingFetch();
    const client = createHandoffClient(configFor(t.sim, { streamIdleTimeoutMs: 400 }), { fetch: fetchFn, stream: { reconnectBaseMs: 10 } });
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    // Said while the first stream is stalled: held back by the fault, kept for a replay.
    for (const text of ['one', 'two', 'three']) await repSays(handoff.conversationId, text);
    await sink.waitFor(() => sink.messages().length === 3);
    expect(handoff.stream.stalls).toBeGreaterThanOrEqual(1);
    // Said on the new stream: live.
    await repSays(handoff.conversationId, 'four');
    await sink.waitFor(() => sink.messages().length === 4);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/end-session`);
    await handoff.stream.done;

    expect(sink.messages()).toEqual(['one', 'two', 'three', 'four']);
    expect(sink.events.filter((e) => e.type === 'participant' && e.operation === 'joined')).toHaveLength(1);
    expect(handoff.stream.reconnects).toBeGreaterThanOrEqual(1);
    // The reconnect resumed from where the stalled stream was (nothing came on it): the token's lastEventId.
    expect(resumes.length).toBeGreaterThanOrEqual(2);
    expect(resumes[0]).toMatch(/^\d+$/);
    expect(resumes[1]).toBe(resumes[0]);
  });

  it('resumes after a stall mid-conversation from the last event it saw, duplicating nothing', async () => {
    // First stream: healthy until it drops; the reconnect stalls; the next one is healthy.
    await fault({ match: { path: SSE }, sequence: [{ action: { type: 'drop-stream', afterEvents: 6 }, times: 1 }, { action: { type: 'stall-stream' }, times: 1 }] });
    const { resumes, fetchFn } = recordingFetch();
    const client = createHandoffClient(configFor(t.sim, { streamIdleTimeoutMs: 400 }), { fetch: fetchFn, stream: { reconnectBaseMs: 10 } });
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const texts = ['one', 'two', 'three', 'four', 'five', 'six'];
    for (const text of texts) await repSays(handoff.conversationId, text);
    await sink.waitFor(() => sink.messages().length === texts.length);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/end-session`);
    await handoff.stream.done;

    expect(sink.messages()).toEqual(texts);
    expect(handoff.stream.stalls).toBeGreaterThanOrEqual(1);
    expect(handoff.stream.reconnects).toBeGreaterThanOrEqual(2);
    expect(resumes.length).toBeGreaterThanOrEqual(3);
    // Reconnects resume later than the first connect (from events the first stream delivered), and never go back.
    expect(Number(resumes[1])).toBeGreaterThan(Number(resumes[0]));
    for (let i = 2; i < resumes.length; i++) expect(Number(resumes[i])).toBeGreaterThanOrEqual(Number(resumes[i - 1]));
  });

  it('names the stall when a stream that keeps stalling exhausts the reconnects', async () => {
    await fault({ match: { path: SSE }, action: { type: 'stall-stream' } });
    const client = createHandoffClient(configFor(t.sim, { streamIdleTimeoutMs: 300 }), { stream: { reconnectBaseMs: 1, maxReconnects: 1 } });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    const error = await handoff.stream.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/sent nothing, not even a keep-alive ping, for 300 ms/);
    expect((error as StreamError).hint).toMatch(/TLS inspection and response buffering/);
    expect(handoff.stream.stalls).toBe(2);
  });
});
