import { describe, expect, it } from 'vitest';
import { createHandoffClient, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { outcomeOf } from '../../client/outcomeOf.ts';
import { useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

// The transcript and routing attributes are worked out while the identity token is signed: what a
// caller sees (each report, in order; where and how a failure surfaces) stays as it was.

/** What a handoff of a new contact with a one-message transcript reports up to its routing attributes step. */
const UNTIL_ROUTING_ATTRIBUTES = [
  'sign-identity-token started',
  'sign-identity-token done',
  'exchange-token started',
  'exchange-token done',
  'build-transcript started',
  'build-transcript done (1 message(s))',
  'extract-routing-attributes started',
];
const shown = (steps: StepReport[]) => steps.map((s) => `${s.step} ${s.status}${s.detail ? ` (${s.detail})` : ''}`);

describe('the local steps of a handoff (transcript, routing attributes)', () => {
  const t = useSim();

  it('report in their place: every step started then done, in order, with the transcript\'s size', async () => {
    const steps: StepReport[] = [];
    const client = createHandoffClient(configFor(t.sim));
    const handoff = messaging(await client.handoff(fakeSession({ seed: 5 }), new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();
    expect(shown(steps)).toEqual([
      ...UNTIL_ROUTING_ATTRIBUTES,
      'extract-routing-attributes done',
      'create-conversation started',
      'create-conversation done',
      'send-transcript started',
      'send-transcript done',
      'subscribe started',
      'subscribe done',
    ]);
  });

  it('fail where they always did: after the token exchange, at the routing attributes step, creating nothing', async () => {
    const steps: StepReport[] = [];
    const client = createHandoffClient(configFor(t.sim, { routingAttributeMap: { Order: 'session.fields.order' } }));
    const session = { ...fakeSession({ seed: 6 }), fields: { order: { id: 7 } } };
    await expect(client.handoff(session, new RecordingSink(), { onStep: (r) => steps.push(r) })).rejects.toThrow(
      /Routing attribute "Order" \(path "session\.fields\.order"\) is an object/,
    );
    expect(shown(steps)).toEqual(UNTIL_ROUTING_ATTRIBUTES);
    expect(client.activeConversations).toEqual([]);
    // The exchange was made (its token is cached): the contact's next handoff, without the bad field, skips it.
    const again: StepReport[] = [];
    const handoff = messaging(await client.handoff(fakeSession({ seed: 6 }), new RecordingSink(), { onStep: (r) => again.push(r) }));
    handoff.stream.close();
    expect(again[0]).toEqual({ step: 'sign-identity-token', status: 'done', detail: 'skipped: a cached access token is still valid' });
  });
});

describe('outcomeOf', () => {
  it('runs the work at once and hands its value over', () => {
    let runs = 0;
    const later = outcomeOf(() => ++runs);
    expect(runs).toBe(1);
    expect(later()).toBe(1);
    expect(later()).toBe(1);
    expect(runs).toBe(1);
  });

  it('throws the same error when asked, never when made', () => {
    const error = new TypeError('bad turn');
    const later = outcomeOf(() => {
      throw error;
    });
    expect(later).toThrow(error);
    expect(() => later()).toThrow(TypeError);
  });
});
