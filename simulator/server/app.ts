import express, { type Express } from 'express';
import type { SimContext } from './context.ts';
import { conversationsControlRouter } from '../control/conversations.ts';
import { directoryRouter } from '../control/directory.ts';
import { clockRouter } from '../control/clock.ts';
import { credentialFaultsRouter } from '../control/credentialFaults.ts';
import { faultsRouter } from '../control/faults.ts';
import { landingRouter } from '../control/landing.ts';
import { CONTROL_BASE } from '../control/operations.ts';
import { routingRouter } from '../control/routing.ts';
import { systemRouter } from '../control/system.ts';
import { widgetRouter } from '../control/widget.ts';
import { guardControlPlane, requireAllowedHost } from '../http/controlGuard.ts';
import { cors } from '../http/cors.ts';
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
import { eventStreamRouter } from '../routes/eventStream.ts';
import { salesforceApiRouter } from '../routes/salesforceApi.ts';
import { emailCasesRouter } from '../control/emailCases.ts';

/** Where Salesforce's own shapes (and browser MIAW clients' CORS) are served. */
const DATA_PLANE = ['/iamessage', '/eventrouter', '/embeddedservice'];

/** The simulator as an express app. It never listens: the CLI, `startSimulator` and tests share it. */
export function createApp(ctx: SimContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (ctx.persist) app.use(flushBeforeReplies(ctx.persist));

  app.use(requireAllowedHost(ctx.access));
  app.use(pagesRouter(ctx));
  app.use(DATA_PLANE, cors(ctx.options.corsOrigins));
  app.use(CONTROL_BASE, guardControlPlane(ctx.access));
  app.use(journalRecorder(ctx));
  app.use(express.json({ limit: ctx.options.jsonBodyLimitBytes, type: ['application/json', 'application/*+json'], verify: limitJsonDepth }));
  app.use(injectFaults(ctx));

  app.use('/iamessage/api/v2/authorization', authorizationRouter(ctx));
  app.use('/iamessage/api/v2', requireAccessToken(ctx), conversationsRouter(ctx), entriesRouter(ctx));
  app.use('/eventrouter/v1', eventStreamRouter(ctx));
  app.use('/embeddedservice/v1', embeddedServiceRouter(ctx));
  app.use('/services', salesforceApiRouter(ctx));
  app.use(CONTROL_BASE, landingRouter(ctx), systemRouter(ctx), directoryRouter(ctx), conversationsControlRouter(ctx), faultsRouter(ctx), clockRouter(ctx), credentialFaultsRouter(ctx));
  app.use(CONTROL_BASE, routingRouter(ctx), widgetRouter(ctx), emailCasesRouter(ctx));

  app.use(notFoundHandler);
  app.use(errorMiddleware(ctx.log));
  return app;
}
