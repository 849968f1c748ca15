import { describe, expect, it } from 'vitest';
import { RecordingSink } from '../helpers/handoff.ts';
import { acksOf, richHandoff } from '../helpers/richHandoff.ts';
import { RICH_MESSAGES } from '../helpers/richMessages.ts';
import { call, show, useSim } from '../helpers/sim.ts';

/**
 * #16 item 4: each rep message is acknowledged as Delivery once the sink delivered it and as Read
 * when the channel says so, each exactly once (stream drops and replays included), batched and
 * retried; the simulator's deliveredAt/readAt show them.
 */
describe('delivery and read receipts', () => {
  const t = useSim();
  const fault = async (body: unknown) => {
    const r = await call(t.sim, 'POST', '/__sim/v1/faults', { body });
    expect(r.status, show(r)).toBe(201);
  };
  const ackPosts = async () => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path.endsWith('/acknowledge-entries'));

  it('acknowledges each rep message as delivered, and as read through the sink\'s trackReads, once each', async () => {
    let markRead: (entryId: string) => void = () => {};
    const sink = Object.assign(new RecordingSink(), { trackReads: (mark: (entryId: string) => void) => (markRead = mark) });
    const c = await richHandoff(t.sim, 'web', { sink });
    const first = await c.repSends(RICH_MESSAGES.text!);
    const second = await c.repSends(RICH_MESSAGES.buttons!);
    markRead(first);
    markRead(first);
    expect(c.handoff.markRead(first)).toBe(true);
    expect(c.handoff.markRead('not-a-rep-message')).toBe(false);
    await c.handoff.flushReceipts();
    const entries = await c.entries();
    expect(acksOf(entries).sort()).toEqual([`Delivery:${first}`, `Delivery:${second}`, `Read:${first}`].sort());
    const shown = (id: string) => entries.find((e) => e.identifier === id);
    expect(shown(first)).toMatchObject({ deliveredAt: expect.any(Number), readAt: expect.any(Number) });
    expect(shown(second)).toMatchObject({ deliveredAt: expect.any(Number), readAt: null });
  });

  it('gathers receipts into batches', async () => {
    const c = await richHandoff(t.sim, 'sms', { deps: { receiptBatchMs: 300 } });
    const ids = [];
    for (const text of ['one', 'two', 'three', 'four']) ids.push((await c.control('messages', { text })).identifier);
    await c.sink.waitFor(() => c.sink.messages().length === 4);
    for (const id of ids) c.handoff.markRead(id);
    await c.handoff.flushReceipts();
    expect(acksOf(await c.entries())).toHaveLength(8);
    expect((await ackPosts()).length).toBeLessThan(8);
  });

  it('sends no Delivery for a message the sink failed to deliver', async () => {
    const sink = new RecordingSink();
    const deliver = sink.deliver.bind(sink);
    sink.deliver = (event) => {
      deliver(event);
      if (event.type === 'message' && event.text === 'boom') throw new Error('channel down');
    };
    const c = await richHandoff(t.sim, 'web', { sink });
    const lost = (await c.control('messages', { text: 'boom' })).identifier;
    const fine = await c.repSends(RICH_MESSAGES.text!);
    await c.handoff.flushReceipts();
    expect(acksOf(await c.entries())).toEqual([`Delivery:${fine}`]);
    expect(c.handoff.markRead(lost)).toBe(false);
  });

  it('retries a refused batch, and the stream dropping and replaying never duplicates a receipt', async () => {
    await fault({ match: { method: 'POST', path: '/iamessage/api/v2/conversation/*/acknowledge-entries' }, action: { type: 'status', status: 503 }, times: 2 });
    await fault({ match: { path: '/eventrouter/v1/sse' }, action: { type: 'drop-stream', afterEvents: 2 }, times: 3 });
    const c = await richHandoff(t.sim, 'whatsapp', { deps: { stream: { reconnectBaseMs: 5 }, sleep: async () => {} } });
    const ids = [];
    for (const text of ['one', 'two', 'three', 'four', 'five']) ids.push((await c.control('messages', { text })).identifier);
    await c.sink.waitFor(() => c.sink.messages().length === 5);
    for (const id of ids) c.handoff.markRead(id);
    await c.handoff.flushReceipts();
    expect(c.handoff.stream.reconnects).toBeGreaterThanOrEqual(2);
    expect((await ackPosts()).filter((r: any) => r.status === 503)).toHaveLength(2);
    expect(acksOf(await c.entries()).sort()).toEqual(ids.flatMap((id) => [`Delivery:${id}`, `Read:${id}`]).sort());
  });
});
