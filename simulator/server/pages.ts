import { join } from 'node:path';
import express, { Router } from 'express';

const CONSOLE_DIR = join(import.meta.dirname, '../console');

/** Pages may load their own files, talk to this origin (fetch and the live WebSocket), and nothing else. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The browser pages, as static files: the rep console at `/console/` and the customer widget at
 * `/widget/`. They use the control API and the live feed like any other client; nothing here builds
 * HTML. Served before the journal and the faults, so loading a page is neither journaled nor faulted.
 */
export function pagesRouter(): Router {
  const router = Router();
  const serve = (dir: string) =>
    express.static(dir, {
      fallthrough: true,
      setHeaders: (res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Content-Security-Policy', CSP);
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    });
  router.use('/console', serve(CONSOLE_DIR));
  router.use('/widget', serve(join(CONSOLE_DIR, 'widget')));
  return router;
}
