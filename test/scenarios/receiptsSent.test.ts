import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../scenarios/lib/checkExpectations.ts';
import type { LoadedScenario } from '../../scenarios/lib/loadScenarios.ts';
import type { Observed } from '../../scenarios/lib/observed.ts';

/**
 * `expect.recorded.receipts`: each rep message acknowledged once. The simulator records a receipt
 * once however often it is sent, so the check also counts the acks the client sent (the journal).
 */
const scenario = { expect: { recorded: { receipts: { delivered: 1 } } } } as unknown as LoadedScenario;
const message = { identifier: 'm1', entryType: 'Message', sender: { role: 'Agent' }, entryPayload: {} };
const delivery = { identifier: 'a1', entryType: 'DeliveryAcknowledgement', sender: { role: 'EndUser' }, relatedRecords: ['m1'], entryPayload: {} };
const ackRequest = (acks: unknown[], status = 202) => ({ method: 'POST', path: '/iamessage/api/v2/conversation/c1/acknowledge-entries', status, request: { body: { acks } } });
const observed = (journal: Observed['journal']): Observed => ({
  outcome: 'completed',
  steps: [],
  sink: [],
  conversations: [],
  cases: [],
  problems: [],
  journal,
  recorded: { status: 'OPEN', routingAttributes: {}, sessions: [], entries: [message, delivery] },
});

describe('receipts each once: recorded and sent', () => {
  it('passes when the client sent one Delivery, a retry of the same request (same ack id) included', () => {
    const ack = { id: 'a1', entryType: 'Delivery', conversationEntryId: 'm1' };
    expect(checkExpectations(scenario, observed([ackRequest([ack], 0), ackRequest([ack])]))).toEqual([]);
  });

  it('fails when the client sent a second Delivery for the same message, though the simulator recorded one', () => {
    const twice = observed([ackRequest([{ id: 'a1', entryType: 'Delivery', conversationEntryId: 'm1' }]), ackRequest([{ id: 'a2', entryType: 'Delivery', conversationEntryId: 'm1' }])]);
    expect(checkExpectations(scenario, twice)).toEqual([{ what: 'rep messages acknowledged as delivered, each once', expected: 1, seen: '1 (1 acks recorded, 2 sent)' }]);
  });
});
