import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { SimContext } from './context.ts';
import { conversationsControlRouter } from '../control/conversations.ts';
import { directoryRouter } from '../control/directory.ts';
import { clockRouter } from '../control/clock.ts';
import { credentialFaultsRouter } from '../control/credentialFaults.ts';
import { faultsRouter } from '../control/faults.ts';
import { landingRouter } from '../control/landing.ts';
import { CONTROL_BASE } from '../control/operations.ts';
import { routingRouter } from '../control/routing.ts';
import { scenarioExportRouter } from '../control/scenarioExport.ts';
import { systemRouter } from '../control/system.ts';
import { widgetRouter } from '../control/widget.ts';
import { guardControlPlane, requireAllowedHost } from '../http/controlGuard.ts';
import { cors } from '../http/cors.ts';
import { dataPlaneLane, type DataPlaneParts } from '../http/dataPlaneLane.ts';
import { hotLane } from '../http/hotLane.ts';
import { hotRoutes } from '../routes/hotRoutes.ts';
import { errorMiddleware, notFoundHandler } from '../http/errorMiddleware.ts';
import { flushBeforeReplies } from '../http/flushBeforeReplies.ts';
import { injectFaults } from '../http/injectFaults.ts';
import { journalRecorder } from '../http/journalRecorder.ts';
import { limitJsonDepth } from '../http/jsonDepth.ts';
import { pagesRouter } from './pages.ts';
import { requireAccessToken } from '../http/requireAccessToken.ts';
import { authorizationRouter } from '../routes/authorization.ts';
import { conversationsRouter } from '../routes/conversations.ts';
import { embeddedServiceRouter } from '../routes/embeddedService.ts';
import { entriesRouter } from '../routes/entries.ts';
import { eventStreamRouter, eventSubscriptions } from '../routes/eventStream.ts';
import { salesforceApiRouter } from '../routes/salesforceApi.ts';
import { emailCasesRouter } from '../control/emailCases.ts';

/** Where Salesforce's own shapes (and browser MIAW clients' CORS) are served. */
const DATA_PLANE = ['/iamessage', '/eventrouter', '/embeddedservice'];

interface AppParts extends DataPlaneParts {
  flush?: RequestHandler;
  host: RequestHandler;
  cors: RequestHandler;
  /** After the pages and the control guard: journal, JSON body, faults. */
  shared: RequestHandler[];
  /** The event streams' operation (its state: whom the X-Org-Id note was given), for the router and the hot lane alike. */
  streams: ReturnType<typeof eventSubscriptions>;
}

/** The middleware and data-plane routers, made once and shared by the express app and the node:http lane (one set of router state). */
function appParts(ctx: SimContext): AppParts {
  const flush = ctx.persist ? flushBeforeReplies(ctx.persist) : undefined;
  const host = requireAllowedHost(ctx.access);
  const corsHeaders = cors(ctx.options.corsOrigins);
  const shared = [
    journalRecorder(ctx),
    express.json({ limit: ctx.options.jsonBodyLimitBytes, type: ['application/json', 'application/*+json'], verify: limitJsonDepth }),
    injectFaults(ctx),
  ];
  const streams = eventSubscriptions(ctx);
  return {
    flush,
    host,
    cors: corsHeaders,
    shared,
    streams,
    // The app's order for a data-plane path (the pages and the control guard never match one).
    prelude: [...(flush ? [flush] : []), host, corsHeaders, ...shared],
    mounts: [
      { path: '/iamessage/api/v2/authorization', handlers: [authorizationRouter(ctx)] },
      { path: '/iamessage/api/v2', handlers: [requireAccessToken(ctx), conversationsRouter(ctx), entriesRouter(ctx)] },
      { path: '/eventrouter/v1', handlers: [eventStreamRouter(ctx, streams)] },
      { path: '/embeddedservice/v1', handlers: [embeddedServiceRouter(ctx)] },
    ],
    notFound: notFoundHandler,
    onError: errorMiddleware(ctx.log),
  };
}

/** The simulator as an express app: every request through express (the lane's fallback, and what it is compared with). It never listens. */
export function createApp(ctx: SimContext, parts: AppParts = appParts(ctx)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (parts.flush) app.use(parts.flush);

  app.use(parts.host);
  app.use(pagesRouter(ctx));
  app.use(DATA_PLANE, parts.cors);
  app.use(CONTROL_BASE, guardControlPlane(ctx.access));
  app.use(...parts.shared);

  for (const mount of parts.mounts) app.use(mount.path, ...mount.handlers);
  app.use('/services', salesforceApiRouter(ctx));
  app.use(CONTROL_BASE, landingRouter(ctx), systemRouter(ctx), directoryRouter(ctx), conversationsControlRouter(ctx), faultsRouter(ctx), clockRouter(ctx), credentialFaultsRouter(ctx));
  app.use(CONTROL_BASE, routingRouter(ctx), widgetRouter(ctx), scenarioExportRouter(ctx), emailCasesRouter(ctx));

  app.use(parts.notFound);
  app.use(parts.onError);
  return app;
}

/**
 * The simulator as a request handler: the MIAW operations a handoff and a load test make served from
 * node:http alone (`http/hotLane.ts`, `routes/hotRoutes.ts`), the rest of the data plane (and what
 * the hot lane declines) from node:http by the same middleware and routers (`http/dataPlaneLane.ts`),
 * everything else by the express app. It never listens.
 */
export function createHandler(ctx: SimContext): RequestListener {
  const parts = appParts(ctx);
  return dataPlaneLane(createApp(ctx, parts), parts, hotLane(ctx, hotRoutes(ctx, parts.streams)));
}
