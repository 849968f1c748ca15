import { join } from 'node:path';
import express, { Router } from 'express';
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
  router.get('/', sendIndex(ctx));
  router.get('/landing.css', (_req, res) => {
    setPageHeaders(res);
    res.sendFile(LANDING_CSS);
  });
  router.use('/console', serve(CONSOLE_DIR));
  router.use('/widget', serve(join(CONSOLE_DIR, 'widget')));
  return router;
}
