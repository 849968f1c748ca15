import { base64url } from 'jose';

/** Only base64url's alphabet: no padding, no whitespace, no `+` or `/`. Linear. */
const PLAIN_BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * jose's `base64url.decode`, with the usual case through Buffer: text of base64url's alphabet alone,
 * of a length that leaves no lone character (jose refuses those), decodes to the same bytes either
 * way, and Buffer skips jose's two rewrites, `atob` and the copy byte by byte. Anything else
 * (padding, whitespace, `+`, `/`, other characters, a lone last character) goes to jose, so what is
 * accepted, refused and decoded stays jose's (`test/simulator/base64url.test.ts` compares both).
 */
export function decodeBase64url(text: string): Uint8Array {
  if (text.length % 4 !== 1 && PLAIN_BASE64URL.test(text)) return Buffer.from(text, 'base64url');
  return base64url.decode(text);
}
