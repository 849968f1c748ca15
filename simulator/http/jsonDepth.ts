import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../shared/errors.ts';

/** Deeper than any MIAW body; deep enough nesting overflows the stack in JSON.stringify and structuredClone. */
export const MAX_JSON_DEPTH = 64;

/**
 * `express.json` `verify` hook: refuse a body nested deeper than `MAX_JSON_DEPTH` before it is
 * parsed, so it can neither crash the journal's redaction nor be stored and break every later read.
 */
export function limitJsonDepth(_req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  checkJsonDepth(buf);
}

/** Throws 400 JSON_TOO_DEEP when the JSON text in `buf` nests deeper than `MAX_JSON_DEPTH`. */
export function checkJsonDepth(buf: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest('JSON_TOO_DEEP', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}
