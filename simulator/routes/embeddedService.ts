// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
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
  return Router()
    .get('/embedded-service-config', getEmbeddedServiceConfig)
    .get('/businesshours', getBusinessHours);

  /** Get Embedded Service Configuration. */
  function getEmbeddedServiceConfig(req: Request, res: Response): void {
    const deployment = findDeployment(req.query);
    res.json(toEmbeddedServiceConfigResponse(deployment));
  }

  /** Get Business Hours (the deployment must exist; the hours are the simulator's office hours). */
  function getBusinessHours(req: Request, res: Response): void {
    findDeployment(req.query);
    res.json(toBusinessHoursResponse(ctx.routing.businessHours()));
  }

  /** The deployment the query names (`orgId`, `esConfigName`), or 400 as Salesforce answers. */
  function findDeployment(query: unknown): Deployment {
    const q = parseInput(ConfigQuery, query, 'query');
    const orgId = normalizeSalesforceId(q.orgId);
    const deployment = orgId ? ctx.store.directory.getDeployment(orgId, q.esConfigName) : undefined;
    if (!deployment) {
      throw badRequest('DEPLOYMENT_NOT_FOUND', `No deployment "${q.esConfigName}" is published in org ${q.orgId}.`);
    }
    return deployment;
  }
}
