import { Router } from 'express';
import { advanceMs, ClockAdvance } from '../shared/clockAdvance.ts';
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
    ctx.clock.advance(advanceMs(parseInput(ClockAdvance, req.body)));
    ctx.live.publish({ type: 'clock' });
    res.json(view(ctx));
  });
  return router;
}
