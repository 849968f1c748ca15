import type { ServerResponse } from 'node:http';
import type { Response } from 'express';

/** An operation's answer: a status and a JSON body (none: undefined), written by express (`replyWith`) or straight to node:http (`sendReply`). */
export interface JsonReply {
  status: number;
  /** The body to serialize, or a `JsonText` already serialized. */
  body: unknown;
}

/** A reply body already serialized: `text` is exactly what `JSON.stringify` writes for the body it stands for. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The answer of an operation that only acts (close, revoke): 204 and no body. */
export const NO_CONTENT: JsonReply = Object.freeze({ status: 204, body: undefined });

/**
 * Through express: `res.status(status).json(body)`, or `res.status(status).end()` for no body. A
 * `JsonText` takes the steps `res.json` takes after serializing (the app sets no JSON replacer,
 * spaces or escape): a Content-Type of `application/json` unless one is set, then `res.send` of the text.
 */
export function replyWith(res: Response, reply: JsonReply): void {
  if (reply.body === undefined) {
    res.status(reply.status).end();
    return;
  }
  if (!(reply.body instanceof JsonText)) {
    res.status(reply.status).json(reply.body);
    return;
  }
  if (!res.get('Content-Type')) res.set('Content-Type', 'application/json');
  res.status(reply.status).send(reply.body.text);
}

/** Straight to node:http, the bytes `replyWith` writes through express. */
export function sendReply(res: ServerResponse, reply: JsonReply): void {
  if (reply.body !== undefined) return sendJson(res, reply.status, reply.body);
  res.statusCode = reply.status;
  res.end();
}

/**
 * Straight to node:http, the bytes express's `res.status(status).json(body)` writes for a JSON body
 * (the app sets no ETag, JSON replacer or spaces): the same headers, spelled and ordered alike, after
 * any set before. Only for statuses with a body (not 204 or 304, where express drops it).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text, 'utf8');
}
