import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { CONTROL_TOKEN_COOKIE, tokenMatches } from '../http/controlAccess.ts';
import { MiawApiError } from '../shared/errors.ts';
import { sendIndex } from '../control/landing.ts';
import type { SimContext } from './context.ts';
import { setPageHeaders } from './pageHeaders.ts';

const CONSOLE_DIR = join(import.meta.dirname, '../console');
const LANDING_CSS = join(import.meta.dirname, 'landing.css');

/**
 * The browser pages: the landing index at `/` (JSON unless the client prefers HTML; the same as
 * `GET /__sim/v1`), and as static files the rep console at `/console/` and the customer widget at
 * `/widget/`. They use the control API and the live feed like any other client. Served before the
 * journal and the faults, so loading a page is neither journaled nor faulted.
 */
export function pagesRouter(ctx: SimContext): Router {
  const router = Router();
  const serve = (dir: string) => express.static(dir, { fallthrough: true, setHeaders: setPageHeaders });
  router.get(['/', '/console/', '/widget/'], acceptControlToken(ctx));
  router.get('/', sendIndex(ctx));
  router.get('/landing.css', (_req, res) => {
    setPageHeaders(res);
    res.sendFile(LANDING_CSS);
  });
  router.use('/console', serve(CONSOLE_DIR));
  router.use('/widget', serve(join(CONSOLE_DIR, 'widget')));
  return router;
}

/**
 * `/console/?token=<control token>` (also `/widget/`, `/`): from another machine, the pages reach the
 * control API with the token as a same-site cookie; the address bar loses the token at once.
 */
function acceptControlToken(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    const token = req.query.token;
    if (typeof token !== 'string') return next();
    if (!ctx.access.controlToken || !tokenMatches(ctx.access.controlToken, token)) {
      return next(new MiawApiError(401, 'CONTROL_TOKEN_INVALID', 'That is not this simulator\'s control token. Use the one it printed (or the --control-token it was started with).'));
    }
    res.cookie(CONTROL_TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
    res.redirect(303, req.path);
  };
}
