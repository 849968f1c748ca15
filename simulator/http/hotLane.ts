import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import type { AccessSession } from '../auth/accessToken.ts';
import type { SimContext } from '../server/context.ts';
import { hostRefusal } from './controlAccess.ts';
import { answerPreflight, corsHeaders } from './cors.ts';
import { renderedError } from './errorMiddleware.ts';
import { holdUntilFlushed } from './flushBeforeReplies.ts';
import { serveFault } from './injectFaults.ts';
import { readPlainJson, plainJsonLength } from './jsonBody.ts';
import { sendJson, sendReply, type JsonReply } from './jsonReply.ts';
import { journalWhenClosed, type Journaled } from './journalRecorder.ts';
import { accessSession } from './requireAccessToken.ts';

/** What a hot route's operation is given. */
export interface HotInput {
  /** The parsed JSON body (a POST's; undefined for the other methods). */
  body: unknown;
  /** The path's one parameter (a conversation id), as the URL spells it. */
  param: string | undefined;
  /** The parsed query string, as express's `req.query` gives it (`querystring.parse`); always empty for a POST. */
  query: ParsedUrlQuery;
  /** The caller's session, for a route behind the access token. */
  session: AccessSession | undefined;
  /** For an operation that writes its answer itself (the event stream). */
  req: IncomingMessage;
  res: ServerResponse;
}

/** One data-plane operation the lane serves itself: a POST with a JSON body, or a GET or DELETE without a body. */
export interface HotRoute {
  method: 'POST' | 'GET' | 'DELETE';
  /** Matches the whole path (without the query); its one capture group, if any, is the parameter. Runs on user input: linear patterns only. */
  path: RegExp;
  /** Behind `requireAccessToken` in the express app (everything under /iamessage/api/v2 but the token exchanges, and the event stream). */
  bearer: boolean;
  /** The reply to write, or 'answered' when the operation wrote its answer itself. */
  serve(input: HotInput): HotReply | Promise<HotReply>;
}

type HotReply = JsonReply | 'answered';

/** One request's state, as express keeps it on `req.body` and `res.locals`: what the journal reads when the connection closes. */
interface Exchange extends Journaled {
  locals: Record<string, unknown>;
}

/** What `querystring.parse` gives for no query: read only, so shared. */
const NO_QUERY: ParsedUrlQuery = Object.freeze(Object.create(null) as ParsedUrlQuery);
/** Characters on which parseurl (express's `req.path`, `req.query`) leaves its fast path: such URLs go to express. */
const ODD_URL = /[#\s]/;

/**
 * The hottest data-plane requests, and the reads, closes and streams a handoff makes, served straight
 * from node:http, without express's request and response objects or body-parser: each step the app
 * runs for them, in the app's order and by the same functions (`holdUntilFlushed`, `hostRefusal`,
 * `corsHeaders` and `answerPreflight`, `journalWhenClosed`, `serveFault`, `accessSession`, the
 * routes' own operations, `renderedError`), with a POST's body read by `jsonBody.ts` and the reply
 * written by `sendReply`. Returns a listener that answers true when it took the request:
 * - a POST to one of `routes`, exactly as spelled (no query, no %-escape), whose body
 *   `plainJsonLength` accepts;
 * - a GET or DELETE to one of `routes`, its path exactly as spelled (no %-escape; any query), with no
 *   body (`bodyless`), and for a GET no conditional header (express may answer those 304);
 * - a preflight (OPTIONS, no body) to a path one of `routes` serves.
 * Anything else is left to the caller (the express path), untouched.
 * `test/simulator/hotLane.test.ts` and `hotReads.test.ts` compare both paths byte for byte.
 */
export function hotLane(ctx: SimContext, routes: HotRoute[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const setCors = corsHeaders(ctx.options.corsOrigins);
  const limit = ctx.options.jsonBodyLimitBytes;
  return (req, res) => {
    const method = req.method;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const percentAt = url.indexOf('%');
    if ((percentAt >= 0 && (queryAt < 0 || percentAt < queryAt)) || ODD_URL.test(url)) return false;
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    for (const route of routes) {
      if (route.method !== method && method !== 'OPTIONS') continue;
      const match = route.path.exec(path);
      if (!match) continue;
      if (method === 'POST') {
        const length = queryAt < 0 ? plainJsonLength(req, limit) : undefined;
        if (length === undefined) return false;
        void serve(route, match[1], path, NO_QUERY, length, req, res);
        return true;
      }
      if (!bodyless(req) || (method === 'GET' && isConditional(req))) return false;
      if (method === 'OPTIONS') preflight(path, req, res);
      else void serve(route, match[1], path, queryAt < 0 ? NO_QUERY : parseQuery(url.slice(queryAt + 1)), undefined, req, res);
      return true;
    }
    return false;
  };

  async function serve(route: HotRoute, param: string | undefined, path: string, query: ParsedUrlQuery, length: number | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange: Exchange = { originalUrl: req.url!, body: undefined, locals: {} };
    try {
      if (ctx.persist) holdUntilFlushed(ctx.persist, res);
      const refusal = hostRefusal(ctx.access, req);
      if (refusal) throw refusal;
      setCors(req, res);
      journalWhenClosed(ctx, req, res, exchange, exchange.locals);
      if (length !== undefined) exchange.body = await readPlainJson(req, length);
      const fault = serveFault(ctx, req, res, exchange.locals, path);
      if ((typeof fault === 'string' ? fault : await fault) === 'answered') return;
      const session = route.bearer ? await accessSession(ctx, req.headers.authorization) : undefined;
      if (session) {
        exchange.locals.session = session;
        exchange.locals.subject = session.subject;
      }
      const served = route.serve({ body: exchange.body, param, query, session, req, res });
      const reply = served instanceof Promise ? await served : served;
      if (reply !== 'answered') sendReply(res, reply);
    } catch (err) {
      fail(err, path, res, exchange.locals);
    }
  }

  /** As the app answers a preflight: the Host check, then CORS (which answers it before the journal, the body or a fault). */
  function preflight(path: string, req: IncomingMessage, res: ServerResponse): void {
    try {
      if (ctx.persist) holdUntilFlushed(ctx.persist, res);
      const refusal = hostRefusal(ctx.access, req);
      if (refusal) throw refusal;
      setCors(req, res);
      answerPreflight(req, res);
    } catch (err) {
      fail(err, path, res, {});
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

/**
 * No body to read, so body-parser would leave the request alone as the lane does: neither framed
 * (`Transfer-Encoding`, a `Content-Length` but 0) nor, with `Content-Length: 0`, typed (an empty
 * JSON body would be read, a non-UTF-8 charset refused).
 */
function bodyless(req: IncomingMessage): boolean {
  const { headers } = req;
  if (headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  return length === undefined || (length === '0' && headers['content-type'] === undefined);
}

/** A conditional GET, which express's `res.json` may answer 304 (`req.fresh`). */
const isConditional = (req: IncomingMessage): boolean => req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
