import type { RequestHandler, Response } from 'express';
import type { AccessSession } from '../auth/accessToken.ts';
import type { SimContext } from '../server/context.ts';
import { unauthorized } from '../shared/errors.ts';

/** Check `Authorization: Bearer <access token>` and put the caller's session on `res.locals.session`. */
export function requireAccessToken(ctx: SimContext): RequestHandler {
  return async (req, res, next) => {
    const session = await accessSession(ctx, req.headers.authorization);
    res.locals.session = session;
    res.locals.subject = session.subject;
    next();
  };
}

export const sessionOf = (res: Response): AccessSession => res.locals.session as AccessSession;

/** The session an `Authorization: Bearer <access token>` header presents: 401 when it is missing, refused, or its deployment is gone. */
export async function accessSession(ctx: SimContext, header: string | undefined): Promise<AccessSession> {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) {
    throw unauthorized('MISSING_ACCESS_TOKEN', 'Send the messaging access token as "Authorization: Bearer <accessToken>".');
  }
  const session = await ctx.tokens.verify(match[1]);
  if (!ctx.store.directory.getDeployment(session.orgId, session.deployment)) {
    throw unauthorized('DEPLOYMENT_GONE', `The deployment "${session.deployment}" this token was issued for no longer exists in org ${session.orgId}. Get a new token.`);
  }
  return session;
}
