import type { IncomingMessage } from 'node:http';
import { checkJsonDepth } from './jsonDepth.ts';

/** The content types the node:http lane reads itself; any other (or `application/*+json`) is left to express's body-parser. */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/**
 * The body length of a request the node:http lane can read as body-parser would, without its
 * machinery: plain JSON in UTF-8, not compressed, with a `Content-Length` within `limit`. Anything
 * else (chunked, compressed, another charset or type, too large, no body) gives undefined: the
 * express path serves it, body-parser's answers and errors included.
 */
export function plainJsonLength(req: IncomingMessage, limit: number): number | undefined {
  const { headers } = req;
  const type = headers['content-type'];
  const length = headers['content-length'];
  if (type === undefined || length === undefined || headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return undefined;
  if (!PLAIN_JSON.has(type.toLowerCase())) return undefined;
  const bytes = Number(length);
  return Number.isInteger(bytes) && bytes <= limit ? bytes : undefined;
}

/** An error body-parser would raise, of the `type` the error renderer (`errorMiddleware.ts`) knows it by. */
const bodyError = (type: 'entity.parse.failed' | 'request.aborted', message: string) => Object.assign(new Error(message), { type, status: 400 });

/**
 * The parsed body of a request `plainJsonLength` accepted, as express.json (strict) gives it with the
 * app's depth check: the depth checked on the bytes first (400 JSON_TOO_DEEP), a byte-order mark
 * dropped, an empty body read as `{}`, anything but an object or array at the top refused.
 */
export async function readPlainJson(req: IncomingMessage, length: number): Promise<unknown> {
  const bytes = await readBytes(req, length);
  checkJsonDepth(bytes);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = firstNonSpace(text);
  if (first !== '{' && first !== '[') throw bodyError('entity.parse.failed', 'The JSON body must be an object or an array.');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw bodyError('entity.parse.failed', (err as Error).message);
  }
}

/** JSON's whitespace (space, tab, line feed, carriage return) skipped: the first other character, or '' when there is none. */
function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return text[i]!;
  }
  return '';
}

/** The request's body bytes (node's parser holds the request to its `Content-Length`); a client gone first is a 400, as raw-body says. */
function readBytes(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (length === 0) {
      // Nothing to read, but the stream still has to end for the connection to take the next request.
      req.resume();
      resolve(Buffer.alloc(0));
      return;
    }
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    req.on('data', (chunk: Buffer) => {
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    });
    req.once('end', () => resolve(chunks ? Buffer.concat(chunks) : (first ?? Buffer.alloc(0))));
    req.once('close', () => {
      if (!req.complete) reject(bodyError('request.aborted', 'The client went away before its request body arrived.'));
    });
  });
}
