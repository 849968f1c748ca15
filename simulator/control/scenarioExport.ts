import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_ROUTING } from '../domain/routing/routingSchema.ts';
import { buildSessionScenario } from '../savedScenario/buildSessionScenario.ts';
import type { SimContext } from '../server/context.ts';
import { MiawApiError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { DEFAULT_DEPLOYMENT, DEFAULT_ORG_ID } from '../store/seed.ts';

const POSITION = 'must be a journal position: a whole number from 0 (the `seq` of a GET /__sim/v1/journal record)';

/** The query of `GET /scenario` (the OpenAPI document is generated from it). */
export const ScenarioQuery = z.object({
  since: z
    .string({ error: POSITION })
    .regex(/^\d{1,15}$/, POSITION)
    .transform(Number)
    .optional()
    .describe('Save what happened after this journal position (default 0: from the start)'),
});

/** The session the journal recorded, saved as a scenario file the scenario runner replays. */
export function scenarioExportRouter(ctx: SimContext): Router {
  const router = Router();
  router.get('/scenario', (req, res) => {
    const since = parseInput(ScenarioQuery, req.query, 'query').since ?? 0;
    const kept = ctx.store.journal.list();
    const routing = ctx.routing.state.routing;
    const scenario = buildSessionScenario({
      since,
      journal: kept.filter((r) => r.seq > since),
      oldestKept: kept[0]?.seq,
      conversation: (id) => ctx.store.conversations.get(id),
      routing: JSON.stringify(routing) === JSON.stringify(DEFAULT_ROUTING) ? undefined : routing,
      reps: [...ctx.routing.state.reps.values()].map((rep) => rep.config),
      defaultOrgId: DEFAULT_ORG_ID,
      defaultDeployment: DEFAULT_DEPLOYMENT,
      savedAt: ctx.clock.now(),
    });
    if (!scenario) throw new MiawApiError(409, 'NOTHING_TO_SAVE', `Nothing to save after journal position ${since}: no handoff (token exchange or new conversation) is recorded there. Hand off first, or give an earlier since.`);
    res.json(scenario);
  });
  return router;
}
