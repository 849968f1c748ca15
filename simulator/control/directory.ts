import { randomInt } from 'node:crypto';
import { Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { IDENTITY_TOKEN_ALGS } from '../auth/identityToken.ts';
import { JwksUrl, shownUrl } from '../auth/jwksKeys.ts';
import { assignKid, toPublicRsaJwk } from '../auth/publicKey.ts';
import { X5C_MIN_VALIDITY_DAYS, x5cProblem } from '../auth/x5c.ts';
import type { SimContext } from '../server/context.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { normalizeSalesforceId, to18 } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { requireKeyset, requireOrg } from './lookups.ts';
import { buildDeployment, checkDeploymentSettings, deploymentSettingsShape } from '../config/deploymentSchema.ts';
import type { Keyset, Org } from '../store/types.ts';

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be an API name: a letter, then letters, digits or underscores (max 80)');

/** The bodies these routes parse (the OpenAPI document is generated from them). */
export const CreateOrg = z.object({ id: z.string().optional(), name: z.string().min(1).optional() });
export const CreateDeployment = z.object({ name: apiName, ...deploymentSettingsShape }).superRefine(checkDeploymentSettings);
export const CreateKeyset = z.object({
  name: apiName,
  issuer: z.string().min(1, 'must be the iss your identity tokens carry'),
  jwksUrl: JwksUrl.optional().describe('Take the keys from this JSON Web Key Set URL (Setup\'s keyset type "Endpoint URL") instead of registering them'),
  requireX5c: z.boolean().optional().describe('Keys must carry an x5c certificate of the key, valid for 10 more days when registered (what Salesforce demands of uploaded keys)'),
});
export const RegisterKey = z
  .object({ pem: z.string().optional(), jwk: z.record(z.string(), z.unknown()).optional(), kid: z.string().regex(/^[\w.-]{1,100}$/, 'may use letters, digits, _ . - (max 100)').optional() })
  .refine((b) => Boolean(b.pem) !== Boolean(b.jwk), { message: 'send exactly one of "pem" (SPKI public key) or "jwk"' });

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const newOrgId = () => '00D' + Array.from({ length: 12 }, () => BASE62.charAt(randomInt(BASE62.length))).join('');

const orgView = (org: Org) => ({ ...org, id18: to18(org.id) });
/**
 * A keyset as the control API shows it, with the algorithms its identity tokens may be signed with
 * (`algs`): RS256 and RS512, for every key, uploaded or published at `jwksUrl` (where a key that
 * declares its own `alg` is used for that one only).
 */
const keysetView = (k: Keyset) => ({
  name: k.name,
  orgId: k.orgId,
  issuer: k.issuer,
  // Its query may carry an access key: shown as `?…` (the state export keeps it whole).
  ...(k.jwksUrl ? { jwksUrl: shownUrl(k.jwksUrl) } : {}),
  requireX5c: k.requireX5c ?? false,
  algs: [...IDENTITY_TOKEN_ALGS],
  keys: k.keys.map(({ kid, registeredAt }) => ({ kid, algs: [...IDENTITY_TOKEN_ALGS], registeredAt })),
});

/** Control API for the Setup side: orgs, deployments, keysets and their registered keys. */
export function directoryRouter(ctx: SimContext): Router {
  const router = Router();
  const dir = ctx.store.directory;

  const org = (id: string | undefined): Org => requireOrg(ctx, id);
  const keyset = (orgId: string, name: string): Keyset => requireKeyset(ctx, orgId, name);

  router.get('/orgs', (_req, res) => {
    res.json({ orgs: dir.listOrgs().map(orgView) });
  });
  router.post('/orgs', (req, res) => {
    const body = parseInput(CreateOrg, req.body ?? {});
    const id = body.id === undefined ? newOrgId() : normalizeSalesforceId(body.id);
    if (!id || !id.startsWith('00D')) throw badRequest('INVALID_ORG_ID', 'id must be a 15- or 18-character org id starting with 00D (or leave it out to get a new one).');
    if (dir.getOrg(id)) throw conflict('ORG_EXISTS', `Org ${id} already exists.`);
    const created = { id, name: body.name ?? `Org ${id}` };
    dir.putOrg(created);
    res.status(201).json(orgView(created));
  });

  router.get('/deployments', (_req, res) => {
    res.json({ deployments: dir.listDeployments() });
  });
  router.get('/orgs/:orgId/deployments', (req, res) => {
    res.json({ deployments: dir.listDeployments(org(req.params.orgId).id) });
  });
  router.post('/orgs/:orgId/deployments', (req, res) => {
    const { id: orgId } = org(req.params.orgId);
    const body = parseInput(CreateDeployment, req.body);
    if (dir.getDeployment(orgId, body.name)) throw conflict('DEPLOYMENT_EXISTS', `Deployment "${body.name}" already exists in org ${orgId}.`);
    if (body.keyset) keyset(orgId, body.keyset);
    const { name, ...settings } = body;
    const deployment = buildDeployment(orgId, name, settings);
    dir.putDeployment(deployment);
    res.status(201).json(deployment);
  });

  router.get('/keysets', (_req, res) => {
    res.json({ keysets: dir.listKeysets().map(keysetView) });
  });
  router.get('/orgs/:orgId/keysets', (req, res) => {
    res.json({ keysets: dir.listKeysets(org(req.params.orgId).id).map(keysetView) });
  });
  router.post('/orgs/:orgId/keysets', (req, res) => {
    const { id: orgId } = org(req.params.orgId);
    const body = parseInput(CreateKeyset, req.body);
    if (dir.getKeyset(orgId, body.name)) throw conflict('KEYSET_EXISTS', `Keyset "${body.name}" already exists in org ${orgId}.`);
    const created: Keyset = { name: body.name, orgId, issuer: body.issuer, keys: [], ...(body.jwksUrl ? { jwksUrl: body.jwksUrl } : {}), ...(body.requireX5c ? { requireX5c: true } : {}) };
    dir.putKeyset(created);
    res.status(201).json(keysetView(created));
  });
  router.post('/orgs/:orgId/keysets/:name/keys', async (req, res) => {
    const { id: orgId } = org(req.params.orgId);
    const target = keyset(orgId, req.params.name);
    if (target.jwksUrl) {
      throw conflict('KEYSET_USES_JWKS_URL', `Keyset "${target.name}" takes its keys from its JWKS URL; publish the key there instead of registering it.`);
    }
    const body = parseInput(RegisterKey, req.body);
    const publicJwk = toPublicRsaJwk({ pem: body.pem, jwk: body.jwk as JWK | undefined });
    const problem = target.requireX5c ? x5cProblem(publicJwk, ctx.clock.now(), X5C_MIN_VALIDITY_DAYS) : undefined;
    if (problem) throw badRequest('X5C_REQUIRED', `Invalid request body: jwk.x5c: keyset "${target.name}" requires an x5c certificate (requireX5c), and the key ${problem}. Register it as {"jwk": {...}} with "x5c".`);
    const kid = body.kid ?? (typeof body.jwk?.kid === 'string' ? body.jwk.kid : await assignKid(publicJwk));
    if (target.keys.some((k) => k.kid === kid)) throw conflict('KID_EXISTS', `Keyset "${target.name}" already has a key with kid "${kid}". Remove it first or choose another kid.`);
    dir.addKey(target, { kid, alg: 'RS256', publicJwk, registeredAt: ctx.clock.now() });
    res.status(201).json({ kid, keyset: target.name, orgId, issuer: target.issuer });
  });
  router.delete('/orgs/:orgId/keysets/:name/keys/:kid', (req, res) => {
    const { id: orgId } = org(req.params.orgId);
    const target = keyset(orgId, req.params.name);
    if (!dir.removeKey(target, req.params.kid)) throw notFound('KID_NOT_FOUND', `Keyset "${target.name}" has no key with kid "${req.params.kid}".`);
    res.status(204).end();
  });

  return router;
}
