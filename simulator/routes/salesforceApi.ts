// Convention: handlers bear the Salesforce operation's name, and the router's body is a method + path + operation table; a domain function of the same name is imported as `domain<Name>`.
import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { JWT_BEARER_GRANT, REST_SESSION_TTL_MS, verifyAssertion } from '../auth/jwtBearer.ts';
import { createRecord as domainCreateRecord, getRecord as domainGetRecord, resolveType, upsertRecord as domainUpsertRecord, type RecordDeps } from '../domain/cases/records.ts';
import { requireSalesforceSession, restSessionOf } from '../http/requireSalesforceSession.ts';
import { toRestRecord, toSaveResult, toUpsertResult } from '../serialize/sobjects.ts';
import { caseNotice } from '../events/liveFeed.ts';
import type { SimContext } from '../server/context.ts';
import type { SObjectRecord } from '../store/salesforceTypes.ts';
import { to18 } from '../shared/ids.ts';
import { FORM_PARAMETER_LIMIT, OAuthError, RestApiError, invalidGrant } from '../shared/salesforceErrors.ts';

/** `v62.0`: how a path names an API version. */
const API_VERSION = /^v(\d{1,3})\.0$/;
/** Versions 7.0 to 30.0 are retired (410 GONE); 31.0 to 68.0 are served; a newer one does not exist yet (404). */
const FIRST_VERSION = 7;
const OLDEST_SERVED = 31;
const NEWEST_SERVED = 68;
/** From this version on, an upsert that updates answers 200 with a body (`created: false`) instead of 204. */
const UPSERT_BODY_SINCE = 46;

/**
 * The Salesforce REST API a case handoff uses, under `/services`: the OAuth 2.0 JWT bearer grant
 * (`/oauth2/token`), and Create, Upsert (by external ID) and Get of Case and EmailMessage records
 * (`/data/vNN.0/sobjects/...`), with Salesforce's success and error shapes. Kept in one module so
 * the data plane's routes can move together.
 */
export function salesforceApiRouter(ctx: SimContext): Router {
  const deps: RecordDeps = { records: ctx.store.salesforce, now: () => ctx.clock.now() };
  const form = express.urlencoded({ extended: false, limit: ctx.options.jsonBodyLimitBytes, parameterLimit: FORM_PARAMETER_LIMIT });
  const session = requireSalesforceSession(ctx);
  return Router()
    .post('/oauth2/token', form, requestAccessToken)
    .post('/data/:version/sobjects/:sobject', session, createRecord)
    .patch('/data/:version/sobjects/:sobject/:field/:value', session, upsertRecord)
    .get('/data/:version/sobjects/:sobject/:id', session, getRecord);

  /** OAuth 2.0 JWT Bearer Flow: a signed assertion for an integration user -> an access token. */
  async function requestAccessToken(req: Request, res: Response): Promise<void> {
    // Salesforce reads the parameters form-encoded, from the body or the query string.
    const params = { ...(req.query as Record<string, unknown>), ...(req.is('application/x-www-form-urlencoded') ? (req.body as Record<string, unknown>) : {}) };
    const grantType = Object.hasOwn(params, 'grant_type') ? params.grant_type : undefined;
    if (grantType !== JWT_BEARER_GRANT) {
      throw new OAuthError(400, 'unsupported_grant_type', 'grant type not supported', `The simulator takes grant_type=${JWT_BEARER_GRANT} (form-encoded), the grant a server-to-server integration uses`);
    }
    const assertion = Object.hasOwn(params, 'assertion') ? params.assertion : undefined;
    if (typeof assertion !== 'string' || !assertion) throw invalidGrant('invalid assertion', 'Send the signed JWT as the form parameter "assertion"');
    const ownUrl = `${req.protocol}://${req.get('host') ?? ''}`;
    const { app, user } = await verifyAssertion(assertion, {
      nowMs: ctx.clock.now(),
      clockSkewSeconds: ctx.options.clockSkewSeconds,
      maxBytes: ctx.options.identityTokenMaxBytes,
      ownUrl,
      appByConsumerKey: (key) => ctx.store.salesforce.appByConsumerKey(key),
      userByUsername: (name) => ctx.store.salesforce.userByUsername(name),
    });
    const token = `${app.orgId}!${randomBytes(48).toString('base64url')}`;
    ctx.store.salesforce.putSession(token, { orgId: app.orgId, userId: user.id, username: user.username, app: app.name, expiresAt: ctx.clock.now() + REST_SESSION_TTL_MS }, ctx.clock.now());
    res.locals.subject = user.username;
    res.setHeader('Cache-Control', 'no-cache,must-revalidate,max-age=0,no-store,private');
    res.json({ access_token: token, scope: 'api', instance_url: ownUrl, id: `${ownUrl}/id/${to18(app.orgId)}/${user.id}`, token_type: 'Bearer' });
  }

  /** The console hears of a case that changed (the live feed). */
  function announce(record: SObjectRecord): void {
    const notice = caseNotice(record);
    if (notice) ctx.live.publish(notice);
  }

  /** Create a Record. */
  function createRecord(req: Request, res: Response): void {
    const version = apiVersion(req);
    const record = domainCreateRecord(deps, restSessionOf(res), resolveType(param(req, 'sobject')), req.body);
    announce(record);
    res.status(201).setHeader('Location', `/services/data/${version}/sobjects/${record.type}/${record.id}`);
    res.json(toSaveResult(record));
  }

  /** Insert or Update (Upsert) a Record Using an External ID. */
  function upsertRecord(req: Request, res: Response): void {
    const version = apiVersion(req);
    const { record, created } = domainUpsertRecord(deps, restSessionOf(res), resolveType(param(req, 'sobject')), param(req, 'field'), param(req, 'value'), req.body);
    announce(record);
    if (created) {
      res.status(201).json(toUpsertResult(record, true));
    } else if (Number(API_VERSION.exec(version)![1]) >= UPSERT_BODY_SINCE) {
      res.status(200).json(toUpsertResult(record, false));
    } else {
      res.status(204).end();
    }
  }

  /** Get a Record by its id. */
  function getRecord(req: Request, res: Response): void {
    const version = apiVersion(req);
    res.json(toRestRecord(domainGetRecord(deps, restSessionOf(res), resolveType(param(req, 'sobject')), param(req, 'id')), version));
  }
}

/** The path's API version (`v62.0`): 410 GONE for a retired one, 404 NOT_FOUND for one that never existed, as Salesforce answers. */
function apiVersion(req: Request): string {
  const version = param(req, 'version');
  const number = Number(API_VERSION.exec(version)?.[1] ?? 0);
  if (number >= FIRST_VERSION && number < OLDEST_SERVED) {
    throw new RestApiError(410, 'GONE', `API version ${version} is retired and no longer available: use ${OLDEST_SERVED}.0 to ${NEWEST_SERVED}.0`);
  }
  if (number < OLDEST_SERVED || number > NEWEST_SERVED) throw new RestApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return version;
}

const param = (req: Request, name: string): string => String(req.params[name] ?? '');
