// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AccessSession, AuthMode } from '../auth/accessToken.ts';
import { IdentityRejected, verifyIdentityToken } from '../auth/identityToken.ts';
import type { SimContext } from '../server/context.ts';
import { badRequest, forbidden, notFound } from '../shared/errors.ts';
import { newUuid, normalizeSalesforceId } from '../shared/ids.ts';
import { requireAccessToken, sessionOf } from '../http/requireAccessToken.ts';
import { JsonText, NO_CONTENT, replyWith, type JsonReply } from '../http/jsonReply.ts';
import { parseInput } from '../shared/validation.ts';
import { redact } from '../shared/redact.ts';
import { embeddedServiceConfigTexts } from '../serialize/deploymentConfig.ts';
import { accessTokenResponseJson, toContinuationResponse } from '../serialize/tokens.ts';
import type { Deployment } from '../store/types.ts';

const nonEmpty = z.string().min(1, 'must be a non-empty string');

const GuestTokenRequest = z.object({
  orgId: nonEmpty,
  esDeveloperName: nonEmpty,
  capabilitiesVersion: nonEmpty,
  platform: nonEmpty,
  deviceId: z.string().optional(),
  context: z.object({ appName: z.string().optional(), clientVersion: z.string().optional() }).passthrough().optional(),
  language: z.string().optional(),
});

const VerifiedTokenRequest = GuestTokenRequest.extend({
  authorizationType: z.literal('JWT', { error: 'must be "JWT"' }),
  customerIdentityToken: nonEmpty,
});

const guestSubject = () => `v2/iamessage/UNAUTH/NA/uid:${newUuid()}`;

/** Authorization endpoints: guest and verified access tokens, continuation, revoke. */
export function authorizationRouter(ctx: SimContext): Router {
  const bearer = requireAccessToken(ctx);
  const exchanges = tokenExchanges(ctx);
  const held = heldTokens(ctx);
  return Router()
    .post('/unauthenticated/access-token', (req: Request, res: Response) => replyWith(res, exchanges.generateAccessTokenForUnauthenticatedUser(req.body)))
    .post('/authenticated/access-token', async (req: Request, res: Response) => replyWith(res, await exchanges.generateAccessTokenForAuthenticatedUser(req.body)))
    .delete('/authenticated/access-token', bearer, (_req: Request, res: Response) => replyWith(res, held.revokeToken(sessionOf(res))))
    .get('/continuation-access-token', bearer, (_req: Request, res: Response) => replyWith(res, held.generateContinuationToken(sessionOf(res))));
}

/** What the holder of an access token may do with it, framework-free (the express router and the node:http lane, `hotRoutes.ts`, both serve them). */
export function heldTokens(ctx: SimContext) {
  return { revokeToken, generateContinuationToken };

  /** Revoke Token: the token stops working and its open event streams close. */
  function revokeToken(session: AccessSession): JsonReply {
    ctx.store.revokedTokens.add(session.jti);
    ctx.hub.closeToken(session.jti);
    return NO_CONTENT;
  }

  /** Generate Continuation Token: a fresh token for the same end user, expiring when the presented one does. */
  function generateContinuationToken(presented: AccessSession): JsonReply {
    const { token } = ctx.tokens.mint(withoutIds(presented), presented.exp);
    return { status: 200, body: toContinuationResponse(token, ctx.store.events.lastId) };
  }
}

/** The two token exchanges, framework-free (the express router and the node:http lane, `hotRoutes.ts`, both serve them): a request body in, the reply out. */
export function tokenExchanges(ctx: SimContext) {
  const configTexts = embeddedServiceConfigTexts();
  const issue = (deployment: Deployment, subject: string, authMode: AuthMode, displayName: string, deviceId?: string) => issueToken(ctx, configTexts, deployment, subject, authMode, displayName, deviceId);
  return { generateAccessTokenForUnauthenticatedUser, generateAccessTokenForAuthenticatedUser };

  /** Generate Access Token for an Unauthenticated User. */
  function generateAccessTokenForUnauthenticatedUser(input: unknown): JsonReply {
    const body = parseInput(GuestTokenRequest, input);
    const deployment = resolveDeployment(ctx, body.orgId, body.esDeveloperName);
    if (!deployment.allowGuests) {
      throw forbidden('GUESTS_NOT_ALLOWED', `Deployment "${deployment.name}" only accepts verified users. Use /authorization/authenticated/access-token with a customer identity token.`);
    }
    return { status: 200, body: issue(deployment, guestSubject(), 'UnAuth', 'Guest', body.deviceId) };
  }

  /** Generate Access Token for an Authenticated User (a verified customer identity token). */
  async function generateAccessTokenForAuthenticatedUser(input: unknown): Promise<JsonReply> {
    const body = parseInput(VerifiedTokenRequest, input);
    const deployment = resolveDeployment(ctx, body.orgId, body.esDeveloperName);
    const keyset = deployment.keyset ? ctx.store.directory.getKeyset(deployment.orgId, deployment.keyset) : undefined;
    try {
      const identity = await verifyIdentityToken(body.customerIdentityToken, {
        deployment,
        keyset,
        nowMs: ctx.clock.now(),
        clockSkewSeconds: ctx.options.clockSkewSeconds,
        maxBytes: ctx.options.identityTokenMaxBytes,
        jwks: ctx.jwks,
      });
      return { status: 200, body: issue(deployment, identity.subject, 'Auth', identity.sub, body.deviceId) };
    } catch (err) {
      if (!(err instanceof IdentityRejected) || ctx.options.verificationFailure !== 'silent-guest') throw err;
      ctx.log(`${err.message} (token ${redact(body.customerIdentityToken)}). --verification-failure silent-guest: issuing a guest token instead, as real orgs were seen to do.`);
      return { status: 200, body: issue(deployment, guestSubject(), 'UnAuth', 'Guest', body.deviceId) };
    }
  }
}

/** Org and deployment named in a token request: 400 for a malformed org id, 404 for unknown ones. */
function resolveDeployment(ctx: SimContext, orgIdInput: string, name: string): Deployment {
  const orgId = normalizeSalesforceId(orgIdInput);
  if (!orgId || !orgId.startsWith('00D')) {
    throw badRequest('INVALID_ORG_ID', `orgId ${JSON.stringify(orgIdInput)} is not a Salesforce org id (15 or 18 characters starting with 00D, with a correct 18-character suffix).`);
  }
  if (!ctx.store.directory.getOrg(orgId)) {
    throw notFound('ORG_NOT_FOUND', `No org ${orgIdInput} exists on this simulator. Known orgs: GET /__sim/v1/orgs.`);
  }
  const deployment = ctx.store.directory.getDeployment(orgId, name);
  if (!deployment) {
    throw notFound('DEPLOYMENT_NOT_FOUND', `No Embedded Service deployment "${name}" is published in org ${orgId}. Check esDeveloperName (the deployment's API name); known ones: GET /__sim/v1/deployments.`);
  }
  return deployment;
}

/** A new access token's reply, serialized (the deployment's part once per deployment: `configTexts`). */
function issueToken(ctx: SimContext, configTexts: ReturnType<typeof embeddedServiceConfigTexts>, deployment: Deployment, subject: string, authMode: AuthMode, displayName: string, deviceId?: string): JsonText {
  const ttl = authMode === 'Auth' ? ctx.options.verifiedTokenTtlSeconds : ctx.options.guestTokenTtlSeconds;
  const exp = Math.floor(ctx.clock.now() / 1000) + ttl;
  const { token } = ctx.tokens.mint(
    { subject, orgId: deployment.orgId, deployment: deployment.name, channelAddressIdentifier: deployment.channelAddressIdentifier, authMode, displayName: authMode === 'Auth' ? displayName : 'Guest' },
    exp,
  );
  const configJson = configTexts(deployment, authMode, ctx.store.directory.version);
  return new JsonText(accessTokenResponseJson({ accessToken: token, lastEventId: ctx.store.events.lastId, deviceId: deviceId ?? newUuid(), subject, now: ctx.clock.now() }, configJson));
}

const withoutIds = ({ jti: _j, clientId: _c, exp: _e, ...rest }: AccessSession) => rest;
