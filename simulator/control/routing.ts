import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { parseInput } from '../shared/validation.ts';
import { fakerPending } from '../domain/reps/placeholders.ts';
import { RepConfig } from '../domain/reps/repSchema.ts';
import { scriptTexts } from '../domain/reps/scriptSchema.ts';
import { Presence } from '../domain/routing/routedRep.ts';
import { RoutingConfig } from '../domain/routing/routingSchema.ts';
import type { RepState } from '../domain/routing/routingState.ts';

/** The body of `PATCH /reps/:name` (the OpenAPI document is generated from it). */
export const PresenceChange = z.object({ presence: Presence }).strict();

const repView = (rep: RepState<RepConfig>) => ({
  name: rep.config.name,
  userId: rep.userId,
  queues: rep.config.queues,
  capacity: rep.capacity,
  presence: rep.presence,
  bot: Boolean(rep.config.bot),
  scripted: Boolean(rep.config.script),
  ...(rep.config.script ? { script: rep.config.script } : {}),
  load: rep.work.length,
  conversations: rep.work,
});

/** Omni-Channel as the control API shows it: routing (queues, rules, office hours), reps, and the queues' state. */
export function routingRouter(ctx: SimContext): Router {
  const router = Router();
  const omni = ctx.routing;

  router.get('/routing', (_req, res) => {
    res.json(omni.state.routing);
  });
  router.put('/routing', (req, res) => {
    omni.configure(parseInput(RoutingConfig, req.body));
    res.json(omni.state.routing);
  });

  router.get('/reps', (_req, res) => {
    res.json({ reps: [...omni.state.reps.values()].map(repView) });
  });
  router.post('/reps', async (req, res) => {
    const config = parseInput(RepConfig, req.body);
    // Load faker now if the script needs it, so its first text is not late on a manual clock.
    await Promise.all(scriptTexts(config.script ?? []).map(fakerPending));
    res.status(201).json(repView(ctx.reps.addRep(config)));
  });
  router.patch('/reps/:name', (req, res) => {
    res.json(repView(omni.setPresence(req.params.name, parseInput(PresenceChange, req.body).presence)));
  });
  router.delete('/reps/:name', (req, res) => {
    omni.removeRep(req.params.name);
    res.status(204).end();
  });

  router.get('/queues', (_req, res) => {
    const config = omni.state.routing;
    const reps = [...omni.state.reps.values()];
    res.json({
      queues: config.queues.map((q) => ({
        name: q.name,
        queueId: omni.state.queueId(q.name),
        open: omni.isOpen(q.name),
        waiting: omni.state.waitingIn(q.name).map((w) => ({ conversationId: w.conversationId, since: w.since })),
        reps: reps.filter((r) => r.config.queues.includes(q.name)).map((r) => ({ name: r.config.name, presence: r.presence, load: r.work.length, capacity: r.capacity })),
      })),
    });
  });

  return router;
}
