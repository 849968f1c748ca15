import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withReceipts } from '../../simulator/control/conversations.ts';
import { toRestEntry } from '../../simulator/serialize/entries.ts';
import type { Entry, Participant } from '../../simulator/store/types.ts';

const endUser: Participant = { role: 'EndUser', appType: 'iamessage', subject: 'v2/iamessage/UNAUTH/NA/uid:u1', clientIdentifier: 'c' };
const agent: Participant = { role: 'Agent', appType: 'agent', subject: '005000000000001', clientIdentifier: 'a' };
const base = (identifier: string, sender: Participant, t: number) => ({ identifier, conversationId: 'conv', sender, senderDisplayName: sender.role, transcriptedTimestamp: t, clientTimestamp: t, clientDuration: 0, relatedRecords: [] as string[] });
const message = (identifier: string, sender: Participant, t: number): Entry => ({ ...base(identifier, sender, t), entryType: 'Message', message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: identifier } }, inReplyToMessageId: null });
const ack = (identifier: string, type: 'DeliveryAcknowledgement' | 'ReadAcknowledgement', sender: Participant, of: string, t: number): Entry => ({ ...base(identifier, sender, t), relatedRecords: [of], entryType: type, acknowledgedAt: t });

/** The quadratic original, kept as the reference the indexed one must equal. */
function reference(entries: readonly Entry[]) {
  const acked = (type: Entry['entryType'], id: string) => entries.find((e) => e.entryType === type && e.sender.role === 'EndUser' && e.relatedRecords[0] === id);
  const at = (a: Entry | undefined) => (a && (a.entryType === 'DeliveryAcknowledgement' || a.entryType === 'ReadAcknowledgement') ? a.acknowledgedAt : null);
  return entries.map((e) => {
    const rest = toRestEntry(e);
    if (e.entryType !== 'Message' || e.sender.role === 'EndUser') return rest;
    return { ...rest, deliveredAt: at(acked('DeliveryAcknowledgement', e.identifier)), readAt: at(acked('ReadAcknowledgement', e.identifier)) };
  });
}

describe('withReceipts: each rep message says when the end user acknowledged it (the first ack of each type)', () => {
  it('equals the original on every small conversation: acks from either side, repeated, of unknown entries, before or after the message', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('message' as const), rep: fc.boolean() }),
      fc.record({ kind: fc.constantFrom('DeliveryAcknowledgement' as const, 'ReadAcknowledgement' as const), byEndUser: fc.boolean(), of: fc.nat(12) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const entries = steps.map((s, i): Entry => (s.kind === 'message' ? message(`m${i}`, s.rep ? agent : endUser, i) : ack(`a${i}`, s.kind, s.byEndUser ? endUser : agent, `m${s.of}`, 1000 + i)));
        expect(withReceipts(entries)).toEqual(reference(entries));
      }),
      { numRuns: 300 },
    );
  });

  it('answers a conversation of 20 000 rep messages, each delivered twice and read, with the first of each', () => {
    const n = 20_000;
    const entries: Entry[] = [];
    for (let i = 0; i < n; i++) entries.push(message(`m${i}`, agent, i));
    for (let i = 0; i < n; i++) entries.push(ack(`d${i}`, 'DeliveryAcknowledgement', endUser, `m${i}`, 100_000 + i), ack(`r${i}`, 'ReadAcknowledgement', endUser, `m${i}`, 200_000 + i));
    for (let i = 0; i < n; i++) entries.push(ack(`d2-${i}`, 'DeliveryAcknowledgement', endUser, `m${i}`, 300_000 + i));
    const out = withReceipts(entries) as Array<{ identifier: string; deliveredAt?: number | null; readAt?: number | null }>;
    expect(out).toHaveLength(4 * n);
    for (const i of [0, 1, n / 2, n - 1]) expect(out[i]).toMatchObject({ identifier: `m${i}`, deliveredAt: 100_000 + i, readAt: 200_000 + i });
    expect(out.slice(0, n).every((e, i) => e.deliveredAt === 100_000 + i && e.readAt === 200_000 + i)).toBe(true);
  });
});
