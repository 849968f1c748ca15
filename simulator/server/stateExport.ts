import type { SimContext } from './context.ts';
import type { StateSnapshot } from '../store/store.ts';

/**
 * The whole state as `GET /__sim/v1/state` and `--export-on-exit` write it: the store plus routing
 * (queues, reps, who holds what) and how far the simulated clock was moved ahead.
 */
export const exportState = (ctx: SimContext): StateSnapshot => ({ ...ctx.store.export(), routing: ctx.routing.snapshot(), clock: { offsetMs: ctx.clock.offsetMs } });
