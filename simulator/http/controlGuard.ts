import type { RequestHandler } from 'express';
import { CONTROL_TOKEN_HEADER, controlRefusal, hostRefusal, type AccessPolicy } from './controlAccess.ts';

/** Every request: the Host check. */
export const requireAllowedHost =
  (policy: AccessPolicy): RequestHandler =>
  (req, _res, next) =>
    next(hostRefusal(policy, req));

/**
 * `/__sim/v1`: origin and token checks, and CORS only for the origins listed in `--control-origins`
 * (the simulator's own pages are same-origin and need none).
 */
export const guardControlPlane =
  (policy: AccessPolicy): RequestHandler =>
  (req, res, next) => {
    const refusal = controlRefusal(policy, req);
    if (refusal) return next(refusal);
    const origin = req.headers.origin;
    if (origin && policy.controlOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', `Content-Type, ${CONTROL_TOKEN_HEADER}`);
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
