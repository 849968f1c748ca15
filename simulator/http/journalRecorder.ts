import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { SimContext } from '../server/context.ts';
import { redact, scrubSecrets } from '../shared/redact.ts';
import { unmappedAttributes } from '../domain/conversations/routingAttributes.ts';
import { shownUrl } from '../auth/jwksKeys.ts';

const KEPT_HEADERS = ['authorization', 'content-type', 'origin', 'x-org-id', 'last-event-id', 'user-agent'];
const SECRET_FIELDS = new Set(['customerIdentityToken', 'accessToken', 'assertion', 'access_token', 'client_secret', 'privateKey', 'privateKeyPem', 'pem', 'd', 'p', 'q', 'dp', 'dq', 'qi']);
/** URL fields whose query may carry an access key: journaled as scheme, host and path (`?…`). */
const URL_FIELDS = new Set(['jwksUrl']);
const CONVERSATION_IN_PATH = /\/conversations?\/([0-9a-fA-F-]{36})(?:\/|$)/;

/**
 * `scrubSecrets`, skipped for text that holds none of what its patterns need (a dot for a JWT, a PEM
 * marker, "Bearer"): most body strings (ids, names, message text) are returned as they are, without
 * four regular-expression passes each.
 */
const scrub = (text: string): string => (text.includes('.') || text.includes('-----') || text.includes('Bearer') ? scrubSecrets(text) : text);

/**
 * Record every data-plane request (and control-plane changes) in the journal once it is answered,
 * with secrets redacted. Control-plane reads are left out so a polling console does not flood it.
 */
export function journalRecorder(ctx: SimContext): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || (req.method === 'GET' && req.url.startsWith('/__sim/'))) return next();
    journalWhenClosed(ctx, req, res, req, res.locals);
    next();
  };
}

/** What the journal reads of a request once it is answered: its URL as it came, and its parsed body (if any). */
export interface Journaled {
  originalUrl: string;
  body?: unknown;
}

/** Journal this request when its connection closes: `seen` and `locals` (`subject`, `errorCode`, `fault`) are read then. */
export function journalWhenClosed(ctx: SimContext, req: IncomingMessage, res: ServerResponse, seen: Journaled, locals: Record<string, unknown>): void {
  const started = ctx.clock.now();
  const startedHr = performance.now();
  res.on('close', () => {
    const sent = seen.body;
    const body = sent && typeof sent === 'object' && !isEmpty(sent) ? redactFields(sent) : undefined;
    const fromBody = (sent as { conversationId?: unknown } | undefined)?.conversationId;
    const queryAt = seen.originalUrl.indexOf('?');
    const path = queryAt < 0 ? seen.originalUrl : seen.originalUrl.slice(0, queryAt);
    const conversationId = CONVERSATION_IN_PATH.exec(path)?.[1] ?? (typeof fromBody === 'string' ? fromBody : undefined);
    const unmapped = unmappedIn(ctx, conversationId, sent);
    const record = ctx.store.journal.add({
      at: started,
      method: req.method ?? '',
      path: scrub(path),
      status: res.headersSent ? res.statusCode : 0,
      durationMs: performance.now() - startedHr,
      conversationId,
      subject: locals.subject as string | undefined,
      errorCode: locals.errorCode as string | undefined,
      fault: locals.fault as string | undefined,
      ...(unmapped.length ? { unmappedAttributes: unmapped } : {}),
      request: body === undefined ? { headers: pickHeaders(req.headers) } : { headers: pickHeaders(req.headers), body },
    });
    ctx.live.publish({ type: 'journal', seq: record.seq, conversationId: record.conversationId, fault: record.fault });
  });
}

/** The routing attributes a data-plane request sent that its conversation's deployment does not map. */
function unmappedIn(ctx: SimContext, conversationId: string | undefined, body: unknown): string[] {
  const attributes = (body as { routingAttributes?: unknown } | undefined)?.routingAttributes;
  if (!conversationId || !attributes || typeof attributes !== 'object' || Array.isArray(attributes)) return [];
  const conversation = ctx.store.conversations.get(conversationId);
  const deployment = conversation && ctx.store.directory.getDeployment(conversation.orgId, conversation.deployment);
  return deployment ? unmappedAttributes(deployment, attributes as Record<string, unknown>) : [];
}

function pickHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    // The authorization header by name, every other kept header by shape (a token sent as X-Org-Id).
    out[name] = name === 'authorization' ? value.replace(/^(\S+\s+)?(.*)$/, (_m, scheme: string | undefined, token: string) => `${scheme ?? ''}${redact(token)}`) : scrub(value);
  }
  return out;
}

/**
 * A copy of a JSON body with every secret redacted: fields by name (whatever their value, also an
 * array or object), and anything token- or key-shaped by shape, in any string at any depth (a token
 * sent as `jwt`, `token` or `esDeveloperName`), keys included.
 */
export function redactFields(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(redactFields);
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    const field = URL_FIELDS.has(k) && typeof v === 'string' ? shownUrl(v) : !SECRET_FIELDS.has(k) ? redactFields(v) : typeof v === 'string' ? redact(v) : v && typeof v === 'object' ? redact(JSON.stringify(v)) : v;
    const key = scrub(k);
    // A body key `__proto__` stays a key of the copy (as Object.fromEntries would make it) instead of becoming its prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: field, writable: true, enumerable: true, configurable: true });
    else copy[key] = field;
  }
  return copy;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
