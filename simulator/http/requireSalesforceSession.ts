import type { RequestHandler, Response } from 'express';
import type { SimContext } from '../server/context.ts';
import { RestApiError } from '../shared/salesforceErrors.ts';
import type { RestSession } from '../store/salesforceTypes.ts';

/**
 * Check `Authorization: Bearer <access token>` on the Salesforce REST API: a token the JWT bearer
 * grant issued and that has not expired, else 401 INVALID_SESSION_ID as Salesforce answers. The
 * caller's session goes on `res.locals.restSession` (and its username on the journal's subject).
 */
export function requireSalesforceSession(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    const match = req.headers.authorization?.match(/^(?:Bearer|OAuth)\s+(\S+)\s*$/i);
    const session = match?.[1] ? ctx.store.salesforce.session(match[1]) : undefined;
    if (!session || session.expiresAt <= ctx.clock.now()) {
      throw new RestApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    res.locals.restSession = session;
    res.locals.subject = session.username;
    next();
  };
}

export const restSessionOf = (res: Response): RestSession => res.locals.restSession as RestSession;
