import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { parseInput } from '../shared/validate.ts';

const Advance = z
  .object({
    ms: z.number().int().positive().optional(),
    seconds: z.number().positive().optional(),
    minutes: z.number().positive().optional(),
  })
  .strict()
  .refine((b) => [b.ms, b.seconds, b.minutes].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of ms, seconds or minutes (a positive number)' });

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
    const body = parseInput(Advance, req.body);
    ctx.clock.advance(body.ms ?? (body.seconds ?? 0) * 1000 + (body.minutes ?? 0) * 60_000);
    ctx.live.publish({ type: 'clock' });
    res.json(view(ctx));
  });
  return router;
}
