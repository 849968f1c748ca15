import type { RequestHandler } from 'express';
import { DEPLOYMENT } from '../contract.ts';
import type { ContractSession } from './contractSession.ts';

const TOKEN_PATH = '/iamessage/api/v2/authorization/authenticated/access-token';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Pact's request filter: the recorded tokens are examples, so each replayed request gets real ones.
 * A token exchange gets a fresh customer identity token (signed with the target's key under the kid
 * the provider state chose); every other MIAW call gets a real access token for the subject. The
 * contract's org and deployment (`Sim_Web`) are mapped to the target's. Control-plane requests
 * (state set-up, messages) pass untouched.
 */
export function tokenFilter(session: ContractSession): RequestHandler {
  const { orgId, esDeveloperName } = session.target;
  return async (req, _res, next) => {
    if (!req.path.startsWith('/iamessage/')) return next();
    const body: unknown = req.body;
    if (isRecord(body) && req.headers['content-length']) {
      if (req.path === TOKEN_PATH && typeof body.customerIdentityToken === 'string') {
        body.customerIdentityToken = await session.identityToken();
        body.orgId = orgId;
      }
      if (body.esDeveloperName === DEPLOYMENT) body.esDeveloperName = esDeveloperName;
      // The proxy re-serialises the body; the length must follow.
      req.headers['content-length'] = String(Buffer.byteLength(JSON.stringify(body)));
    }
    req.url = req.url.replace(`esDeveloperName=${DEPLOYMENT}`, `esDeveloperName=${encodeURIComponent(esDeveloperName)}`);
    if (req.headers.authorization) req.headers.authorization = `Bearer ${await session.accessToken()}`;
    next();
  };
}
