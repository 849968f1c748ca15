// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SimContext } from '../server/context.ts';
import { replyWith, type JsonReply } from '../http/jsonReply.ts';
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
  const ops = embeddedServiceOperations(ctx);
  return Router()
    .get('/embedded-service-config', (req: Request, res: Response) => replyWith(res, ops.getEmbeddedServiceConfig(req.query)))
    .get('/businesshours', (req: Request, res: Response) => replyWith(res, ops.getBusinessHours(req.query)));
}

/** The configuration reads, framework-free (the express router and the node:http lane, `hotRoutes.ts`, both serve them); `query` is the parsed query string. */
export function embeddedServiceOperations(ctx: SimContext) {
  return { getEmbeddedServiceConfig, getBusinessHours };

  /** Get Embedded Service Configuration. */
  function getEmbeddedServiceConfig(query: unknown): JsonReply {
    return { status: 200, body: toEmbeddedServiceConfigResponse(findDeployment(query)) };
  }

  /** Get Business Hours (the deployment must exist; the hours are the simulator's office hours). */
  function getBusinessHours(query: unknown): JsonReply {
    findDeployment(query);
    return { status: 200, body: toBusinessHoursResponse(ctx.routing.businessHours()) };
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
