import { afterEach, expect } from 'vitest';
import { createHandoffClient, type ChannelSink, type HandoffChannel, type HandoffClientDeps } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { configFor, messaging, RecordingSink } from './handoff.ts';
import { call, recorded, show } from './sim.ts';

const open: Array<{ flushReceipts(): Promise<void>; stream: { close(): void } }> = [];

/**
 * Each test's handoffs end with it: receipts sent, streams closed, so nothing of one test reaches
 * the next one's simulator after its reset (a reconnect using up its faults, an ack re-minting a token).
 */
afterEach(async () => {
  for (const handoff of open.splice(0)) {
    await handoff.flushReceipts();
    handoff.stream.close();
  }
});

/** A handoff on `channel` against the simulator, with a rep who can send any abstractMessage. */
export async function richHandoff(sim: RunningSimulator, channel: HandoffChannel, options: { sink?: RecordingSink & Partial<ChannelSink>; deps?: HandoffClientDeps } = {}) {
  const sink = options.sink ?? new RecordingSink();
  const client = createHandoffClient(configFor(sim), { receiptBatchMs: 20, ...options.deps });
  const handoff = messaging(await client.handoff(fakeSession({ channel }), sink));
  open.push(handoff);
  const id = handoff.conversationId;
  const control = async (path: string, body: unknown) => {
    const r = await call(sim, 'POST', `/__sim/v1/conversations/${id}/${path}`, { body });
    expect(r.status, show(r)).toBeLessThan(300);
    return r.body;
  };
  /** The rep sends `message` (an abstractMessage); answers its entry id once the sink has it. */
  const repSends = async (message: Record<string, unknown>): Promise<string> => {
    const entry = await control('messages', { message, repName: 'Alex' });
    await sink.waitFor((events) => events.some((e) => e.type === 'message' && e.entryId === entry.identifier));
    return entry.identifier as string;
  };
  const entries = async () => (await recorded(sim, id)).entries as any[];
  return { client, handoff, sink, id, control, repSends, entries };
}

/** The end user's acknowledgements recorded, as `Delivery:<entry>` / `Read:<entry>`. */
export const acksOf = (entries: any[]) =>
  entries
    .filter((e) => e.sender.role === 'EndUser' && (e.entryType === 'DeliveryAcknowledgement' || e.entryType === 'ReadAcknowledgement'))
    .map((e) => `${e.entryType === 'DeliveryAcknowledgement' ? 'Delivery' : 'Read'}:${e.relatedRecords[0]}`);
