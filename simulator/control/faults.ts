import { Router } from 'express';
import type { SimContext } from '../server/context.ts';
import { notFound } from '../shared/errors.ts';
import { FaultRequestSchema } from '../faults/faultSchema.ts';
import { parseInput } from '../shared/validation.ts';

/** Fault rules: add one (or a sequence), list them with their counts, remove one or all. */
export function faultsRouter(ctx: SimContext): Router {
  const router = Router();

  router.post('/faults', (req, res) => {
    const { match, steps } = parseInput(FaultRequestSchema, req.body);
    res.status(201).json({ rules: ctx.faults.add(match, steps) });
    ctx.live.publish({ type: 'faults' });
  });

  router.get('/faults', (_req, res) => {
    res.json({ rules: ctx.faults.list() });
  });

  router.delete('/faults', (_req, res) => {
    ctx.faults.clear();
    res.status(204).end();
    ctx.live.publish({ type: 'faults' });
  });

  router.delete('/faults/:id', (req, res) => {
    if (!ctx.faults.remove(req.params.id)) throw notFound('FAULT_NOT_FOUND', `No fault rule ${req.params.id}. List them with GET /__sim/v1/faults.`);
    res.status(204).end();
    ctx.live.publish({ type: 'faults' });
  });

  return router;
}
