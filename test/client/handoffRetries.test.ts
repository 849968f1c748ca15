import { describe, expect, it } from 'vitest';
import { createHandoffClient, CreateConversationError, SendMessageError, StreamError, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink, recordingSleep } from '../helpers/handoff.ts';

const API = '/iamessage/api/v2';

describe('handoff retries against an unreliable Salesforce', () => {
  const t = useSim();

  const fault = async (body: unknown) => {
    const r = await call(t.sim, 'POST', '/__sim/v1/faults', { body });
    expect(r.status, show(r)).toBe(201);
  };
  const conversations = async () => (await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations as any[];

  it('retries a create that gets 503 twice: 3 attempts, increasing delays, one conversation', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation` }, action: { type: 'status', status: 503 }, times: 2 });
    const { sleep, delays } = recordingSleep();
    const steps: StepReport[] = [];
    const client = createHandoffClient(configFor(t.sim), { sleep, random: () => 0.5 });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();
    expect(handoff.attempts['create-conversation']).toBe(3);
    expect(delays).toEqual([75, 150]);
    expect(steps.filter((s) => s.status === 'retrying').map((s) => [s.step, s.attempt, s.delayMs])).toEqual([
      ['create-conversation', 1, 75],
      ['create-conversation', 2, 150],
    ]);
    expect((await conversations()).map((c) => c.conversationId)).toEqual([handoff.conversationId]);
  });

  it('fails cleanly when the outage outlasts the retries, having created nothing', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation` }, action: { type: 'status', status: 503 } });
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { sleep, random: () => 0.5 });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateConversationError);
    expect(error).toMatchObject({ step: 'create-conversation', status: 503 });
    expect((error as Error).message).toMatch(/Hint: Salesforce answered with a server error/);
    expect(delays).toEqual([75, 150, 300]);
    expect(await conversations()).toEqual([]);
  });

  it('does not duplicate the conversation when the create response is lost', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation` }, action: { type: 'reset-after' }, times: 1 });
    const { sleep } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { sleep });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    handoff.stream.close();
    expect(handoff.attempts['create-conversation']).toBe(2);
    const all = await conversations();
    expect(all).toHaveLength(1);
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.entries.filter((e: any) => e.entryType === 'RoutingResult')).toHaveLength(1);
  });

  it('does not duplicate the transcript when the send response is lost or the connection is refused', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation/*/message` }, sequence: [{ action: { type: 'reset-after' }, times: 1 }, { action: { type: 'reset' }, times: 1 }] });
    const { sleep } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { sleep });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    handoff.stream.close();
    expect(handoff.attempts['send-transcript']).toBe(3);
    const messages = (await recorded(t.sim, handoff.conversationId)).entries.filter((e: any) => e.entryType === 'Message');
    expect(messages.map((m: any) => m.identifier)).toEqual(handoff.transcriptMessageIds);
  });

  it('honours Retry-After on 429', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation/*/message` }, action: { type: 'status', status: 429, retryAfterSeconds: 2 }, times: 1 });
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { sleep, random: () => 0 });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    handoff.stream.close();
    expect(delays).toEqual([2000]);
  });

  it('does not retry a 4xx: the send fails at once with SendMessageError', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation/*/message` }, action: { type: 'status', status: 417 } });
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { sleep });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendMessageError);
    expect(error).toMatchObject({ step: 'send-transcript', status: 417 });
    expect(delays).toEqual([]);
  });

  it('re-mints the access token once after a 401 mid-conversation and carries on', async () => {
    await fault({ match: { method: 'POST', path: `${API}/conversation/*/message` }, action: { type: 'status', status: 401 }, times: 1 });
    const client = createHandoffClient(configFor(t.sim));
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    handoff.stream.close();
    const tokenCalls = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path.endsWith('/authenticated/access-token'));
    expect(tokenCalls).toHaveLength(2);
    expect((await recorded(t.sim, handoff.conversationId)).entries.filter((e: any) => e.entryType === 'Message')).toHaveLength(1);
  });

  it('resumes a dropped event stream with Last-Event-ID: every rep reply once, in order', async () => {
    await fault({ match: { path: '/eventrouter/v1/sse' }, action: { type: 'drop-stream', afterEvents: 2 }, times: 2 });
    const client = createHandoffClient(configFor(t.sim), { stream: { reconnectBaseMs: 10 } });
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) {
      const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/messages`, { body: { text } });
      expect(r.status, show(r)).toBe(201);
    }
    await sink.waitFor(() => sink.messages().length === texts.length);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/end-session`);
    await handoff.stream.done;
    expect(sink.messages()).toEqual(texts);
    expect(handoff.stream.reconnects).toBeGreaterThanOrEqual(2);
    expect(sink.events.filter((e) => e.type === 'participant' && e.operation === 'joined')).toHaveLength(1);
  });

  it('gives up on the stream with StreamError when it is refused for good', async () => {
    await fault({ match: { path: '/eventrouter/v1/sse' }, action: { type: 'status', status: 403 } });
    const client = createHandoffClient(configFor(t.sim));
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    const error = await handoff.stream.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ step: 'subscribe', status: 403 });
  });
});
