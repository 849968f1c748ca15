import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { exportState } from '../server/stateFile.ts';
import { parseInput } from '../shared/validation.ts';
import { applySeed } from '../store/seed.ts';

/** The query of `GET /journal` (the OpenAPI document is generated from it). */
export const JournalQuery = z.object({
  conversationId: z.string({ error: 'must be one conversation id' }).optional().describe('Only requests that touched this conversation'),
  limit: z.coerce.number({ error: 'must be a whole number from 1' }).int('must be a whole number from 1').positive('must be a whole number from 1').optional().describe('At most this many, the most recent'),
});

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
    ctx.autoResponses.clear();
    ctx.faults.clear();
    ctx.jwks.clear();
    ctx.tokens.rotateSecret();
    applySeed(ctx.store, ctx.seed);
    ctx.reps.restore(ctx.seed);
    ctx.live.publish({ type: 'reset' });
    res.json({ status: 'reset', orgs: ctx.store.directory.listOrgs().length, deployments: ctx.store.directory.listDeployments().length });
  });

  router.get('/journal', (req, res) => {
    const { conversationId, limit } = parseInput(JournalQuery, req.query, 'query');
    res.json({ requests: ctx.store.journal.list({ conversationId, limit }) });
  });

  router.get('/state', (_req, res) => {
    res.json(exportState(ctx));
  });

  return router;
}
