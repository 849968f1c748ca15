import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { badRequest } from '../shared/errors.ts';
import { normalizeSalesforceId } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { toBusinessHoursResponse } from '../serialize/businessHours.ts';
import { toEmbeddedServiceConfigResponse } from '../serialize/tokens.ts';
import type { Deployment } from '../store/types.ts';

const ConfigQuery = z.object({
  orgId: z.string({ error: 'is required' }).min(1),
  esConfigName: z.string({ error: 'is required: the deployment API name' }).min(1),
  language: z.string().optional(),
});

/** Unauthenticated deployment configuration, as the standard web widget's bootstrap reads it. */
export function embeddedServiceRouter(ctx: SimContext): Router {
  const router = Router();

  const find = (query: unknown): Deployment => {
    const q = parseInput(ConfigQuery, query, 'query');
    const orgId = normalizeSalesforceId(q.orgId);
    const deployment = orgId ? ctx.store.directory.getDeployment(orgId, q.esConfigName) : undefined;
    if (!deployment) {
      throw badRequest('DEPLOYMENT_NOT_FOUND', `No deployment "${q.esConfigName}" is published in org ${q.orgId}.`);
    }
    return deployment;
  };

  router.get('/embedded-service-config', (req, res) => {
    const deployment = find(req.query);
    res.json(toEmbeddedServiceConfigResponse(deployment));
  });

  router.get('/businesshours', (req, res) => {
    find(req.query);
    res.json(toBusinessHoursResponse(ctx.routing.businessHours()));
  });

  return router;
}
