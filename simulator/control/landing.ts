import { packageInfo } from '../shared/packageInfo.ts';
import { Router, type Request, type RequestHandler } from 'express';

import type { SimContext } from '../server/context.ts';
import { setPageHeaders } from '../server/pageHeaders.ts';
import { landingPage, type ControlIndex } from './landingPage.ts';
import { openApiDocument } from './openApi.ts';
import { CONTROL_BASE, CONTROL_OPERATIONS, fullPath } from './operations.ts';

/** A Host header worth echoing: a name or address and a port, nothing else. */
const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

function messagingUrl(req: Request): string | undefined {
  const host = req.get('host');
  return host && HOST.test(host) ? `${req.protocol}://${host}` : undefined;
}

/** The index for a request that reached this simulator at `url`. */
export function controlIndex(ctx: SimContext, url: string | undefined): ControlIndex {
  return {
    name: packageInfo().name,
    version: packageInfo().version,
    description: 'Local, offline simulator of Salesforce Messaging for In-App and Web (MIAW)',
    ...(url ? { messagingUrl: url } : {}),
    deployments: ctx.store.directory.listDeployments().map((d) => ({ orgId: d.orgId, esDeveloperName: d.name })),
    links: { console: '/console/', widget: '/widget/', controlApi: CONTROL_BASE, openapi: `${CONTROL_BASE}/openapi.json`, live: `${CONTROL_BASE}/live` },
    docs: { readme: 'README.md', fidelity: 'docs/fidelity.md', architecture: 'docs/architecture.md' },
    operations: CONTROL_OPERATIONS.map((op) => ({ method: op.method, path: fullPath(op), summary: op.summary })),
  };
}

/** The index: the page to a browser (`Accept: text/html` preferred), JSON to anyone else. */
export function sendIndex(ctx: SimContext): RequestHandler {
  return (req, res) => {
    const index = controlIndex(ctx, messagingUrl(req));
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      setPageHeaders(res);
      res.type('html').send(landingPage(index));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(index);
  };
}

/** `GET /__sim/v1` (the index) and `GET /__sim/v1/openapi.json`. */
export function landingRouter(ctx: SimContext): Router {
  const router = Router();
  let document: object | undefined;
  router.get('/', sendIndex(ctx));
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(packageInfo().version);
    res.json(document);
  });
  return router;
}
