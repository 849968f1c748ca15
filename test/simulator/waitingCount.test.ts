import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoutingState } from '../../simulator/domain/routing/routingState.ts';
import type { RoutedRep } from '../../simulator/domain/routing/routedRep.ts';
import { RoutingConfig } from '../../simulator/domain/routing/routingSchema.ts';

/**
 * `RoutingState.waitingCount` keeps each queue's line length as work comes and goes, instead of
 * walking the line (an estimated wait reads it for every routed session). After any sequence of
 * routing (enqueue), transfers and a removed rep's work (enqueue at the front), claims and
 * assignments (dequeue, assign), ends and closes (forget), and a routing that drops a queue, it
 * must be what the walk counts.
 */
const QUEUES = ['A', 'B', 'C'];
const IDS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const routing = (names: string[]) => RoutingConfig.parse({ queues: names.map((name) => ({ name })), defaultQueue: names[0] });

const op = fc.oneof(
  fc.record({ kind: fc.constant('enqueue' as const), id: fc.constantFrom(...IDS), queue: fc.constantFrom(...QUEUES), atFront: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('dequeue' as const, 'forget' as const, 'assign' as const), id: fc.constantFrom(...IDS) }),
  fc.record({ kind: fc.constant('setRouting' as const), keep: fc.subarray(QUEUES, { minLength: 1 }) }),
);

function check(state: RoutingState) {
  for (const queue of QUEUES) {
    expect(state.waitingCount(queue)).toBe(state.waitingIn(queue).length);
    for (const id of IDS) expect(state.waitingCount(queue, id)).toBe(state.waitingIn(queue).filter((w) => w.conversationId !== id).length);
  }
}

describe('the per-queue waiting count', () => {
  it('stays what a walk over the line counts, whatever happens to the work', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const state = new RoutingState();
        state.setRouting(routing(QUEUES));
        let rep = state.addRep({ name: 'Ann', queues: ['A'], capacity: 99 } as RoutedRep, '005');
        for (const o of ops) {
          if (o.kind === 'enqueue') state.enqueue({ conversationId: o.id, queue: state.hasQueue(o.queue) ? o.queue : state.routing.defaultQueue, since: 0 }, o.atFront);
          else if (o.kind === 'dequeue') state.dequeue(o.id);
          else if (o.kind === 'forget') state.forget(o.id);
          else if (o.kind === 'assign') state.assign(rep, o.id);
          else if (o.kind === 'setRouting') {
            state.removeRep('Ann');
            state.setRouting(routing(o.keep.includes('A') ? o.keep : ['A', ...o.keep]));
            rep = state.addRep({ name: 'Ann', queues: ['A'], capacity: 99 } as RoutedRep, '005');
          }
          check(state);
        }
        state.clear();
        for (const queue of QUEUES) expect(state.waitingCount(queue)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
