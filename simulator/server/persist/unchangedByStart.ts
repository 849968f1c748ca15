import type { SimContext } from '../context.ts';
import type { Restored } from './persistDir.ts';

/**
 * Whether starting from a persisted state changed nothing (no event stored, no conversation added or
 * changed since the store restored them, as the store's change notices say, routing as it was), and
 * its log ends whole: then the log goes on as it is, and the restart does not write
 * a new snapshot (a large state starts faster). Work offered to a rep at start-up (a scripted rep's
 * first steps) changes the state: then a snapshot is written at once.
 */
export function unchangedByStart(ctx: SimContext, restored: Restored): boolean {
  if (!restored.logContinues || ctx.store.events.lastId !== restored.state.events.seq) return false;
  // A state kept before Email Cases were: the seed's connected apps are in memory, not on disk yet.
  if (!restored.state.salesforce) return false;
  // Exact, not a count: a status or routing change of a conversation records no entry.
  if (ctx.store.conversations.changedSinceRestore) return false;
  return JSON.stringify(ctx.routing.snapshot()) === JSON.stringify(restored.state.routing ?? ctx.routing.snapshot());
}
