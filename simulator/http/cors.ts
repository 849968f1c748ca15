import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Org-Id, Last-Event-Id, Cache-Control, Accept, X-Requested-With';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS as browser MIAW clients need it: the caller's origin echoed (when allowed) on every response,
 * errors and the event stream included, and every preflight answered 204 before anything else runs.
 */
export function cors(allowedOrigins: string[]): RequestHandler {
  const setHeaders = corsHeaders(allowedOrigins);
  return (req, res, next) => {
    setHeaders(req, res);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    next();
  };
}

/** A preflight's answer, once the headers every response carries are set: 204 with what may be sent. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
  res.setHeader('Access-Control-Allow-Headers', requested ? `${ALLOWED_HEADERS}, ${requested}` : ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '86400');
  res.statusCode = 204;
  res.end();
}

/** The headers every data-plane response carries (the preflight's own come on top): the origin echoed when allowed, and `Vary`. */
export function corsHeaders(allowedOrigins: string[]): (req: IncomingMessage, res: ServerResponse) => void {
  const any = allowedOrigins.includes('*');
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin && (any || allowedOrigins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Type');
    }
    res.setHeader('Vary', 'Origin');
  };
}
