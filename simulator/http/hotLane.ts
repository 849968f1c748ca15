import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessSession } from '../auth/accessToken.ts';
import type { SimContext } from '../server/context.ts';
import { hostRefusal } from './controlAccess.ts';
import { corsHeaders } from './cors.ts';
import { renderedError } from './errorMiddleware.ts';
import { flushBeforeHead } from './flushBeforeReplies.ts';
import { serveFault } from './injectFaults.ts';
import { readPlainJson, plainJsonLength } from './jsonBody.ts';
import { sendJson, type JsonReply } from './jsonReply.ts';
import { journalWhenClosed, type Journaled } from './journalRecorder.ts';
import { accessSession } from './requireAccessToken.ts';

/** What a hot route's operation is given. */
export interface HotInput {
  /** The parsed JSON body. */
  body: unknown;
  /** The path's one parameter (a conversation id), as the URL spells it. */
  param: string | undefined;
  /** The caller's session, for a route behind the access token. */
  session: AccessSession | undefined;
}

/** One data-plane operation the lane serves itself: a POST with a JSON body. */
export interface HotRoute {
  /** Matches the whole path (no query); its one capture group, if any, is the parameter. Runs on user input: linear patterns only. */
  path: RegExp;
  /** Mounted behind `requireAccessToken` in the express app (everything under /iamessage/api/v2 but the authorization routes). */
  bearer: boolean;
  serve(input: HotInput): JsonReply | Promise<JsonReply>;
}

/** One request's state, as express keeps it on `req.body` and `res.locals`: what the journal reads when the connection closes. */
interface Exchange extends Journaled {
  locals: Record<string, unknown>;
}

/**
 * The hottest data-plane requests served straight from node:http, without express's request and
 * response objects or body-parser: each step the app runs for them, in the app's order and by the
 * same functions (`flushBeforeHead`, `hostRefusal`, `corsHeaders`, `journalWhenClosed`, `serveFault`,
 * `accessSession`, the routes' own operations, `renderedError`), with the body read by `jsonBody.ts`
 * and the reply written by `sendJson`. Returns a listener that answers true when it took the
 * request: a POST to one of `routes`, exactly as spelled (no query, no %-escape), whose body
 * `plainJsonLength` accepts. Anything else is left to the caller (the express path), untouched.
 * `test/simulator/dataPlaneLane.test.ts` compares both paths byte for byte.
 */
export function hotLane(ctx: SimContext, routes: HotRoute[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const setCors = corsHeaders(ctx.options.corsOrigins);
  const limit = ctx.options.jsonBodyLimitBytes;
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    if (url.includes('?') || url.includes('%')) return false;
    for (const route of routes) {
      const match = route.path.exec(url);
      if (!match) continue;
      const length = plainJsonLength(req, limit);
      if (length === undefined) return false;
      void serve(route, match[1], length, req, res);
      return true;
    }
    return false;
  };

  async function serve(route: HotRoute, param: string | undefined, length: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url!;
    const exchange: Exchange = { originalUrl: url, body: undefined, locals: {} };
    try {
      if (ctx.persist) flushBeforeHead(ctx.persist, res);
      const refusal = hostRefusal(ctx.access, req);
      if (refusal) throw refusal;
      setCors(req, res);
      journalWhenClosed(ctx, req, res, exchange, exchange.locals);
      exchange.body = await readPlainJson(req, length);
      const fault = serveFault(ctx, req, res, exchange.locals, url);
      if ((typeof fault === 'string' ? fault : await fault) === 'answered') return;
      const session = route.bearer ? await accessSession(ctx, req.headers.authorization) : undefined;
      if (session) {
        exchange.locals.session = session;
        exchange.locals.subject = session.subject;
      }
      const served = route.serve({ body: exchange.body, param, session });
      const reply = served instanceof Promise ? await served : served;
      sendJson(res, reply.status, reply.body);
    } catch (err) {
      fail(err, url, res, exchange.locals);
    }
  }

  /** As the app's error renderer (`errorMiddleware`) answers. */
  function fail(err: unknown, path: string, res: ServerResponse, locals: Record<string, unknown>): void {
    try {
      const apiError = renderedError(err, path, ctx.log);
      locals.errorCode = apiError.errorCode;
      if (res.headersSent) {
        res.end();
        return;
      }
      for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
      sendJson(res, apiError.status, apiError.toBody());
    } catch {
      res.destroy();
    }
  }
}
