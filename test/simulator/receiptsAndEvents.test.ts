import { describe, expect, it } from 'vitest';
import { entryOf, payloadOf } from '../helpers/routing.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

/**
 * #15 item 1, continued from richMessages.test.ts: receipts (acknowledge-entries, both ways) and the
 * stream events that are not entries (progress indicators, streaming tokens, any named event), each
 * in Salesforce's shape (developer.salesforce.com/docs/service/messaging-api, server-sent-events-*).
 */

const V1 = '/__sim/v1';
const anyUuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

describe('receipts: acknowledge-entries both ways', () => {
  const t = useSim();

  it("the rep side's Delivery and Read acks reach the end user as CONVERSATION_*_ACKNOWLEDGEMENT in Salesforce's shape", async () => {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const sent = await sendMessage(t.sim, accessToken, id, 'hello?');
    const messageId = sent.body.conversationEntries[0].id;
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    await stream.waitFor((f) => f.length === 2);
    const ackId = crypto.randomUUID();
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/acknowledge-entries`, { body: { repName: 'Alex', acks: [{ id: ackId, entryType: 'Delivery', conversationEntryId: messageId }, { entryType: 'Read', conversationEntryId: messageId }] } });
    expect(r.status, show(r)).toBe(201);
    const frames = await stream.waitFor((f) => f.length === 4);
    stream.close();

    expect(frames.slice(2).map((f) => f.event)).toEqual(['CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', 'CONVERSATION_READ_ACKNOWLEDGEMENT']);
    const [delivery, read] = frames.slice(2).map(entryOf);
    expect(delivery).toMatchObject({ identifier: ackId, entryType: 'DeliveryAcknowledgement', sender: { role: 'Agent' }, senderDisplayName: 'Alex', relatedRecords: [messageId] });
    expect(read).toMatchObject({ identifier: anyUuid, entryType: 'ReadAcknowledgement', relatedRecords: [messageId] });
    expect(JSON.parse(delivery.entryPayload)).toEqual({ entryType: 'DeliveryAcknowledgement', id: ackId, acknowledgementTimestamp: expect.any(Number) });
    expect(JSON.parse(read.entryPayload)).toEqual({ entryType: 'ReadAcknowledgement', id: read.identifier, acknowledgementTimestamp: expect.any(Number) });
  });

  it.each([
    ['an entry that is not in the conversation', 'UNKNOWN_ENTRY', () => crypto.randomUUID()],
    ["the rep side's own entry", 'NOT_AN_END_USER_ENTRY', (routingResultId: string) => routingResultId],
  ])('acknowledging %s is a 400 %s naming acks.0.conversationEntryId', async (_name, errorCode, target) => {
    const field = 'acks.0.conversationEntryId';
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const routingResultId = (await recorded(t.sim, id)).entries[0].identifier;
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/acknowledge-entries`, { body: { acks: [{ entryType: 'Read', conversationEntryId: target(routingResultId) }] } });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe(errorCode);
    expect(r.body.message).toContain(`${field}: `);
  });

  it('an ack id already used, in the conversation or in the same request, is a 409 and nothing is recorded', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const messageId = (await sendMessage(t.sim, accessToken, id, 'hi')).body.conversationEntries[0].id;
    const ackId = crypto.randomUUID();
    const ack = (acks: unknown[]) => call(t.sim, 'POST', `${V1}/conversations/${id}/acknowledge-entries`, { body: { acks } });
    expect((await ack([{ id: ackId, entryType: 'Delivery', conversationEntryId: messageId }])).status).toBe(201);
    const again = await ack([{ id: ackId, entryType: 'Read', conversationEntryId: messageId }]);
    expect(again.status, show(again)).toBe(409);
    expect(again.body.message).toContain('acks.0.id: ');
    const fresh = crypto.randomUUID();
    const twice = await ack([{ id: fresh, entryType: 'Read', conversationEntryId: messageId }, { id: fresh, entryType: 'Read', conversationEntryId: messageId }]);
    expect(twice.status, show(twice)).toBe(409);
    expect(twice.body.message).toContain('acks.1.id: ');
    expect((await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'ReadAcknowledgement')).toEqual([]);
  });

  it.each([
    [{ acks: [] }, 'acks'],
    [{ acks: [{ entryType: 'Seen', conversationEntryId: 'x' }] }, 'acks.0.entryType'],
    [{ acks: [{ entryType: 'Read' }] }, 'acks.0.conversationEntryId'],
    [{ acks: [{ id: 'NOT-A-UUID', entryType: 'Read', conversationEntryId: 'x' }] }, 'acks.0.id'],
  ])('a bad body %j is a 400 naming %s', async (body, field) => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/acknowledge-entries`, { body });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(`Invalid request body: ${field}: `);
  });

  it("the end user's acks set deliveredAt and readAt on the rep's entry; unacknowledged ones stay null", async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const say = async (text: string) => (await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text } })).body.identifier as string;
    const [first, second] = [await say('one'), await say('two')];
    const ack = (acks: unknown[]) => call(t.sim, 'POST', `/iamessage/api/v2/conversation/${id}/acknowledge-entries`, { token: accessToken, body: { acks } });
    const before = (await recorded(t.sim, id)).entries.find((e: any) => e.identifier === first);
    expect(before).toMatchObject({ deliveredAt: null, readAt: null });

    expect((await ack([{ id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: first }])).status).toBe(202);
    await call(t.sim, 'POST', `${V1}/clock/advance`, { body: { ms: 5000 } });
    expect((await ack([{ id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: first }, { id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: second }])).status).toBe(202);

    const entries = (await recorded(t.sim, id)).entries;
    const byId = (x: string) => entries.find((e: any) => e.identifier === x);
    expect(byId(first).deliveredAt).toEqual(expect.any(Number));
    expect(byId(first).readAt - byId(first).deliveredAt).toBeGreaterThanOrEqual(5000);
    expect(byId(second)).toMatchObject({ deliveredAt: expect.any(Number), readAt: null });
    // Only the rep side's messages carry receipts.
    expect(entries.filter((e: any) => 'deliveredAt' in e).map((e: any) => e.identifier)).toEqual([first, second]);
  });
});

describe('control API: progress indicators, streaming tokens and any named event', () => {
  const t = useSim();

  async function withStream() {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    await stream.waitFor((f) => f.length === 1);
    const send = (event: unknown, repName?: string) => call(t.sim, 'POST', `${V1}/conversations/${id}/events`, { body: { event, ...(repName ? { repName } : {}) } });
    return { id, token: accessToken, stream, send };
  }

  it("a progress indicator is CONVERSATION_PROGRESS_INDICATOR in Salesforce's shape, and stays out of the entries list", async () => {
    const { id, token, stream, send } = await withStream();
    const r = await send({ type: 'progress', text: 'Looking up your order' }, 'Alex');
    expect(r.status, show(r)).toBe(201);
    const [, frame] = await stream.waitFor((f) => f.length === 2);
    stream.close();
    expect(frame!.event).toBe('CONVERSATION_PROGRESS_INDICATOR');
    const entry = entryOf(frame!);
    expect(entry).toMatchObject({ entryType: 'ProgressIndicator', senderDisplayName: 'Alex', sender: { role: 'Agent' } });
    expect(JSON.parse(entry.entryPayload)).toEqual({ entryType: 'ProgressIndicator', id: entry.identifier, progressIndicator: { indicatorType: 'ProgressUpdateIndicator', progressMessage: { formatType: 'Text', text: 'Looking up your order' } } });
    const list = await call(t.sim, 'GET', `/iamessage/api/v2/conversation/${id}/entries`, { token });
    expect(list.body.conversationEntries.map((e: any) => e.entryType)).toEqual(['RoutingResult']);
  });

  it('streaming tokens are CONVERSATION_STREAMING_TOKEN frames numbered in order, all naming the final message id', async () => {
    const { stream, send } = await withStream();
    const target = crypto.randomUUID();
    const r = await send({ type: 'streaming-tokens', tokens: ['Agentforce ', 'is ', 'here'], targetMessageId: target });
    expect(r.status, show(r)).toBe(201);
    const frames = (await stream.waitFor((f) => f.length === 4)).slice(1);
    stream.close();
    expect(frames.map((f) => f.event)).toEqual(Array(3).fill('CONVERSATION_STREAMING_TOKEN'));
    const payloads = frames.map(payloadOf);
    expect(payloads.map((p) => p.streamingToken)).toEqual(
      ['Agentforce ', 'is ', 'here'].map((text, i) => ({ tokenType: 'MessageStreamingToken', sequenceNumber: i + 1, timestamp: expect.any(Number), targetMessageIdentifier: target, token: { formatType: 'Text', text } })),
    );
    expect(payloads.map((p) => p.entryType)).toEqual(Array(3).fill('StreamingToken'));
    expect(new Set(payloads.map((p) => p.id)).size).toBe(3);
  });

  it('a streaming-token validation signal is a CONVERSATION_STREAMING_TOKEN frame of tokenType StreamingTokenValidation naming the streamed set', async () => {
    const { stream, send } = await withStream();
    const target = crypto.randomUUID();
    expect((await send({ type: 'streaming-tokens', tokens: ['Maybe '], targetMessageId: target })).status).toBe(201);
    const r = await send({ type: 'streaming-token-validation', targetMessageId: target, sequenceNumber: 2 });
    expect(r.status, show(r)).toBe(201);
    const frames = (await stream.waitFor((f) => f.length === 3)).slice(1);
    stream.close();
    expect(frames.map((f) => f.event)).toEqual(['CONVERSATION_STREAMING_TOKEN', 'CONVERSATION_STREAMING_TOKEN']);
    const signal = payloadOf(frames[1]!);
    expect(signal).toEqual({ entryType: 'StreamingToken', id: expect.any(String), streamingToken: { tokenType: 'StreamingTokenValidation', sequenceNumber: 2, timestamp: expect.any(Number), targetMessageIdentifier: target } });
  });

  it('any named event goes out as named, with its data as the data line and an id for replay', async () => {
    const { stream, send } = await withStream();
    const data = { anything: [1, 'two', { three: null }] };
    const r = await send({ type: 'custom', name: 'CONVERSATION_SOMETHING_NEW', data });
    expect(r.status, show(r)).toBe(201);
    const [, frame] = await stream.waitFor((f) => f.length === 2);
    stream.close();
    expect(frame).toEqual({ id: String(r.body.id), event: 'CONVERSATION_SOMETHING_NEW', data: JSON.stringify(data) });
  });

  it.each([
    [{}, 'event'],
    [{ type: 'confetti' }, 'event.type'],
    [{ type: 'progress' }, 'event.text'],
    [{ type: 'streaming-tokens', tokens: [] }, 'event.tokens'],
    [{ type: 'streaming-tokens', tokens: ['a'], targetMessageId: 'X' }, 'event.targetMessageId'],
    [{ type: 'streaming-token-validation' }, 'event.targetMessageId'],
    [{ type: 'custom', name: 'TWO\nLINES', data: 1 }, 'event.name'],
    [{ type: 'custom', name: 'X' }, 'event.data'],
  ])('event %j is a 400 naming %s, and nothing is sent', async (event, field) => {
    const { stream, send } = await withStream();
    const bad = await send(Object.keys(event).length ? event : undefined);
    expect(bad.status, show(bad)).toBe(400);
    expect(bad.body.message).toContain(`Invalid request body: ${field}: `);
    // The next good event is the next frame: the bad one sent nothing.
    expect((await send({ type: 'custom', name: 'MARK', data: 0 })).status).toBe(201);
    const frames = await stream.waitFor((f) => f.some((x) => x.event === 'MARK'));
    stream.close();
    expect(frames.map((f) => f.event)).toEqual(['CONVERSATION_ROUTING_RESULT', 'MARK']);
  });
});
