import { Router } from 'express';
import { advanceMs, ClockAdvance, MAX_CLOCK_MS } from '../shared/clockAdvance.ts';
import { badRequest } from '../shared/errors.ts';
import type { SimContext } from '../server/context.ts';
import { parseInput } from '../shared/validation.ts';

const view = (ctx: SimContext) => {
  const now = ctx.clock.now();
  return { now, iso: new Date(now).toISOString(), offsetMs: ctx.clock.offsetMs };
};

/** Simulated time: read it, move it forward (token expiry, reps' waits, office hours follow). */
export function clockRouter(ctx: SimContext): Router {
  const router = Router();
  router.get('/clock', (_req, res) => {
    res.json(view(ctx));
  });
  router.post('/clock/advance', (req, res) => {
    const ms = advanceMs(parseInput(ClockAdvance, req.body));
    // Bounded in total as well as per step, so every export's clock.offsetMs imports again.
    if (ctx.clock.offsetMs + ms > MAX_CLOCK_MS) {
      throw badRequest('INVALID_REQUEST', `Invalid request body: the clock is already ${ctx.clock.offsetMs} ms ahead; and may be at most ten years (${MAX_CLOCK_MS} ms) ahead in all (a restart without --import starts it afresh).`);
    }
    ctx.clock.advance(ms);
    ctx.live.publish({ type: 'clock' });
    res.json(view(ctx));
  });
  return router;
}
