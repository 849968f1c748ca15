import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';

/** Handlers served under one path, as `app.use(path, ...handlers)` mounts them. */
export interface Mount {
  path: string;
  handlers: RequestHandler[];
}

/** The data plane as the express app runs it: app-wide middleware, the mounted routers in order, the 404 and the error renderer. */
export interface DataPlaneParts {
  prelude: RequestHandler[];
  mounts: Mount[];
  notFound: RequestHandler;
  onError: ErrorRequestHandler;
}

/**
 * The MIAW data plane served straight from node:http, in front of the express app: a request under
 * one of the mounts (an origin-form URL) runs the same middleware and routers, in the
 * same order, as the app would, without walking the app's whole stack (pages, control-plane routers,
 * their path matching) first. Anything else — the control plane, pages, other paths, odd URLs — goes
 * to the express app untouched. req and res get express's request and response prototypes first,
 * as `app.handle` gives them, so handlers, headers and error shapes are the app's own. Before all
 * that, `hot` (`hotLane.ts`) may take the request: the hottest operations, without express at all.
 */
export function dataPlaneLane(app: Express, parts: DataPlaneParts, hot?: (req: IncomingMessage, res: ServerResponse) => boolean): RequestListener {
  const prefixes = parts.mounts.map((m) => m.path);
  const steps: Step[] = [...parts.prelude.map((handler) => ({ handler })), ...parts.mounts.flatMap((m) => m.handlers.map((handler) => ({ mount: m.path, handler }))), { handler: parts.notFound }];
  return (req, res) => {
    if (hot?.(req, res)) return;
    const url = req.url ?? '';
    if (!prefixes.some((prefix) => underPrefix(url, prefix))) {
      app(req, res);
      return;
    }
    const request = asExpress(app, req, res);
    new Run(steps, parts.onError, request, request.res!).next();
  };
}

/**
 * `url` is `prefix` or below it (`prefix/...`, `prefix?...`), letters in any case: express matches
 * a mount path case-insensitively (its default), so the lane does too. Prefixes are lower case.
 */
function underPrefix(url: string, prefix: string): boolean {
  if (url.length < prefix.length) return false;
  const after = url.charCodeAt(prefix.length);
  if (!(Number.isNaN(after) || after === 0x2f || after === 0x3f)) return false;
  return url.startsWith(prefix) || url.slice(0, prefix.length).toLowerCase() === prefix;
}

/** What express's `app.handle` does to a request before its router sees it. */
function asExpress(app: Express, req: IncomingMessage, res: ServerResponse): Request {
  const request = req as Request;
  const response = res as Response;
  request.res = response;
  response.req = request;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  response.locals ??= Object.create(null) as Response['locals'];
  request.originalUrl = request.url;
  request.baseUrl = '';
  return request;
}

interface Step {
  /** The mount this handler sits under (undefined: app-wide). */
  mount?: string;
  handler: RequestHandler;
}

/** One request's walk through the parts: the prelude, each mount whose path it is under, then the 404; an error skips to the renderer. */
class Run {
  private step = 0;

  constructor(
    private readonly steps: Step[],
    private readonly onError: ErrorRequestHandler,
    private readonly req: Request,
    private readonly res: Response,
  ) {}

  readonly next = (err?: unknown): void => {
    const { req, res } = this;
    if (err !== undefined && err !== 'route' && err !== 'router') return this.fail(err);
    while (this.step < this.steps.length) {
      const { mount, handler } = this.steps[this.step++]!;
      if (mount !== undefined && !underPrefix(req.originalUrl, mount)) continue;
      this.enter(mount);
      try {
        const ret: unknown = handler(req, res, this.leaving);
        if (ret instanceof Promise) ret.then(undefined, (error: unknown) => this.leaving(error ?? new Error('Rejected promise with falsy value')));
      } catch (error) {
        this.leaving(error);
      }
      return;
    }
  };

  /** The `next` a handler is given: back to the full URL, then on. */
  private readonly leaving = (err?: unknown): void => {
    this.enter(undefined);
    this.next(err);
  };

  /** As express's router trims a mount's path off `req.url` (and puts it in `baseUrl`) and puts it back. */
  private enter(mount: string | undefined): void {
    const { req } = this;
    if (mount === undefined) {
      req.url = req.originalUrl;
      req.baseUrl = '';
      return;
    }
    const rest = req.originalUrl.slice(mount.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    req.baseUrl = req.originalUrl.slice(0, mount.length);
  }

  private fail(err: unknown): void {
    this.step = this.steps.length;
    this.enter(undefined);
    try {
      this.onError(err, this.req, this.res, () => undefined);
    } catch {
      this.res.destroy();
    }
  }
}
