import { Router } from 'express';
import type { SimContext } from '../server/context.ts';
import { exportState } from '../server/stateFile.ts';
import { applySeed } from '../store/seed.ts';

const startedAt = Date.now();

/** Health, reset, the request journal and the state export. */
export function systemRouter(ctx: SimContext): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeMs: Date.now() - startedAt, conversations: ctx.store.conversations.size, openStreams: ctx.hub.streamCount });
  });

  router.post('/reset', async (_req, res) => {
    await ctx.hung.releaseAll();
    ctx.hub.closeAll();
    ctx.widgets.closeAll();
    ctx.store.clearRuntime();
    ctx.faults.clear();
    ctx.tokens.rotateSecret();
    applySeed(ctx.store, ctx.seed);
    ctx.reps.restore(ctx.seed);
    ctx.live.publish({ type: 'reset' });
    res.json({ status: 'reset', orgs: ctx.store.directory.listOrgs().length, deployments: ctx.store.directory.listDeployments().length });
  });

  router.get('/journal', (req, res) => {
    const limit = Number(req.query.limit);
    const conversationId = typeof req.query.conversationId === 'string' ? req.query.conversationId : undefined;
    res.json({ requests: ctx.store.journal.list({ conversationId, limit: Number.isInteger(limit) && limit > 0 ? limit : undefined }) });
  });

  router.get('/state', (_req, res) => {
    res.json(exportState(ctx));
  });

  return router;
}
