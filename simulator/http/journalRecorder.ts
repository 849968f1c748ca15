import type { RequestHandler } from 'express';
import type { SimContext } from '../server/context.ts';
import { redact } from '../shared/redact.ts';

const KEPT_HEADERS = ['authorization', 'content-type', 'origin', 'x-org-id', 'last-event-id'];
const SECRET_FIELDS = new Set(['customerIdentityToken', 'accessToken', 'privateKey', 'privateKeyPem', 'pem', 'd', 'p', 'q', 'dp', 'dq', 'qi']);
const CONVERSATION_IN_PATH = /\/conversations?\/([0-9a-fA-F-]{36})(?:\/|$)/;

/**
 * Record every data-plane request (and control-plane changes) in the journal once it is answered,
 * with secrets redacted. Control-plane reads are left out so a polling console does not flood it.
 */
export function journalRecorder(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || (req.method === 'GET' && req.url.startsWith('/__sim/'))) return next();
    const started = ctx.clock.now();
    const startedHr = performance.now();
    res.on('close', () => {
      const body = req.body && typeof req.body === 'object' && !isEmpty(req.body) ? redactFields(req.body) : undefined;
      const fromBody = (req.body as { conversationId?: unknown } | undefined)?.conversationId;
      const queryAt = req.originalUrl.indexOf('?');
      const path = queryAt < 0 ? req.originalUrl : req.originalUrl.slice(0, queryAt);
      const conversationId = path.match(CONVERSATION_IN_PATH)?.[1] ?? (typeof fromBody === 'string' ? fromBody : undefined);
      const record = ctx.store.journal.add({
        at: started,
        method: req.method,
        path,
        status: res.headersSent ? res.statusCode : 0,
        durationMs: performance.now() - startedHr,
        conversationId,
        subject: res.locals.subject as string | undefined,
        errorCode: res.locals.errorCode as string | undefined,
        fault: res.locals.fault as string | undefined,
        request: { headers: pickHeaders(req.headers), ...(body === undefined ? {} : { body }) },
      });
      ctx.live.publish({ type: 'journal', seq: record.seq, conversationId: record.conversationId, fault: record.fault });
    });
    next();
  };
}

function pickHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    out[name] = name === 'authorization' ? value.replace(/^(\S+\s+)?(.*)$/, (_m, scheme: string | undefined, token: string) => `${scheme ?? ''}${redact(token)}`) : value;
  }
  return out;
}

/** A copy of a JSON body with every secret-looking field replaced by its redacted preview (also when sent as an array or object). */
export function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (!value || typeof value !== 'object') return value;
  // Object.fromEntries, not `copy[k] = ...`: a body key `__proto__` stays a key of the copy instead of becoming its prototype.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, !SECRET_FIELDS.has(k) ? redactFields(v) : typeof v === 'string' ? redact(v) : v && typeof v === 'object' ? redact(JSON.stringify(v)) : v]),
  );
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
