import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, stateSnapshot, useSim } from '../helpers/sim.ts';

const API = '/iamessage/api/v2';
const V1 = '/__sim/v1';

/** A guest's conversation with one rep message, and a way to acknowledge as that guest. */
async function withRepMessage(sim: RunningSimulator) {
  const { accessToken } = await getGuestToken(sim);
  const id = await startConversation(sim, accessToken);
  const rep = await call(sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'Your order shipped' } });
  expect(rep.status, show(rep)).toBe(201);
  const ack = (acks: unknown[]) => call(sim, 'POST', `${API}/conversation/${id}/acknowledge-entries`, { token: accessToken, body: { acks } });
  return { id, token: accessToken, message: rep.body.identifier as string, ack };
}

const acksOf = async (sim: RunningSimulator, id: string): Promise<string[][]> =>
  (await recorded(sim, id)).entries.filter((e: any) => e.entryType.endsWith('Acknowledgement')).map((e: any) => [e.identifier, e.entryType, e.relatedRecords[0]]);

describe("the end user's acknowledgements are idempotent", () => {
  const t = useSim();

  it('a retried request (same ack ids, its answer lost) is answered 202 and recorded once; deliveredAt stays the first', async () => {
    const { id, message, ack } = await withRepMessage(t.sim);
    const body = [{ id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: message }];
    expect((await ack(body)).status).toBe(202);
    const first = (await recorded(t.sim, id)).entries.find((e: any) => e.identifier === message).deliveredAt;
    await call(t.sim, 'POST', `${V1}/clock/advance`, { body: { ms: 60_000 } });
    const retry = await ack(body);
    expect(retry.status, show(retry)).toBe(202);
    expect(await acksOf(t.sim, id)).toEqual([[body[0]!.id, 'DeliveryAcknowledgement', message]]);
    expect((await recorded(t.sim, id)).entries.find((e: any) => e.identifier === message).deliveredAt).toBe(first);
  });

  it('an entry is marked delivered and read once each, whatever ids later acks carry, and within one request', async () => {
    const { id, message, ack } = await withRepMessage(t.sim);
    const [d1, d2, r1, r2] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    expect((await ack([{ id: d1, entryType: 'Delivery', conversationEntryId: message }, { id: d2, entryType: 'Delivery', conversationEntryId: message }, { id: r1, entryType: 'Read', conversationEntryId: message }])).status).toBe(202);
    expect((await ack([{ id: r2, entryType: 'Read', conversationEntryId: message }, { entryType: 'Delivery', conversationEntryId: message }])).status).toBe(202);
    expect(await acksOf(t.sim, id)).toEqual([
      [d1, 'DeliveryAcknowledgement', message],
      [r1, 'ReadAcknowledgement', message],
    ]);
  });

  it('an ack id already used by another entry, or twice in a request for different acks, is a 409 naming it; nothing of the batch is recorded', async () => {
    const { id, token, message, ack } = await withRepMessage(t.sim);
    const own = (await sendMessage(t.sim, token, id, 'thanks')).body.conversationEntries[0].id as string;
    const before = await stateSnapshot(t.sim);
    const asMessageId = await ack([{ id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: message }, { id: own, entryType: 'Read', conversationEntryId: message }]);
    expect(asMessageId.status, show(asMessageId)).toBe(409);
    expect(asMessageId.body).toMatchObject({ errorCode: 'DUPLICATE_ENTRY_ID', message: expect.stringContaining('acks.1.id: ') });
    const same = crypto.randomUUID();
    const twice = await ack([{ id: same, entryType: 'Delivery', conversationEntryId: message }, { id: same, entryType: 'Read', conversationEntryId: message }]);
    expect(twice.status, show(twice)).toBe(409);
    expect(await stateSnapshot(t.sim)).toEqual(before);
  });

  it("the rep side marks an end user's entry once per receipt type too", async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const messageId = (await sendMessage(t.sim, accessToken, id, 'hi')).body.conversationEntries[0].id;
    const ack = () => call(t.sim, 'POST', `${V1}/conversations/${id}/acknowledge-entries`, { body: { acks: [{ entryType: 'Read', conversationEntryId: messageId }] } });
    expect((await ack()).body.conversationEntries).toHaveLength(1);
    const again = await ack();
    expect(again.status, show(again)).toBe(201);
    expect(again.body.conversationEntries).toEqual([]);
    expect((await acksOf(t.sim, id)).filter(([, type]) => type === 'ReadAcknowledgement')).toHaveLength(1);
  });
});

describe('Acknowledge Entries takes at most 100 acks per request', () => {
  const t = useSim();
  const many = (n: number, message: string) => Array.from({ length: n }, (_, i) => ({ entryType: i % 2 ? 'Read' : 'Delivery', conversationEntryId: message }));

  it('takes 100 (the handoff client batches up to that many)', async () => {
    const { message, ack } = await withRepMessage(t.sim);
    const r = await ack(many(100, message));
    expect(r.status, show(r)).toBe(202);
  });

  it('refuses 101 with a 400 in the API error shape naming acks and the limit, recording none of them', async () => {
    const { id, message, ack } = await withRepMessage(t.sim);
    const r = await ack(many(101, message));
    expect(r.status, show(r)).toBe(400);
    expect(r.body).toMatchObject({ errorCode: 'INVALID_REQUEST', message: '[miaw-sim] Invalid request body: acks: must be at most 100 acks per request (send the rest in another)' });
    expect(await acksOf(t.sim, id)).toEqual([]);
  });

  it('refuses 10 000 (within the body limit) the same way', async () => {
    const { id, message, ack } = await withRepMessage(t.sim);
    const r = await ack(many(10_000, message));
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('acks: must be at most 100 acks per request');
    expect(await acksOf(t.sim, id)).toEqual([]);
  });
});
