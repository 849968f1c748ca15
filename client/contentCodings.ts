import { constants } from 'node:zlib';

/** A content coding the client undoes, as undici does (`x-gzip` is gzip). */
export type ContentCoding = 'gzip' | 'deflate' | 'br';

/** zlib options undici decodes with: a body cut short still gives what arrived. */
export const ZLIB_SYNC_FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };

/**
 * The codings of a `Content-Encoding` header in the order to undo them (the last applied first), as
 * undici reads the header: none when it is absent, and none at all when any coding is one it does not
 * know (the body is then left as sent).
 */
export function codingsToUndo(header: string | undefined): ContentCoding[] {
  const value = (header ?? '').toLowerCase();
  if (value === '') return [];
  const codings: ContentCoding[] = [];
  for (const coding of value.split(',').map((c) => c.trim()).reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') codings.push('gzip');
    else if (coding === 'deflate' || coding === 'br') codings.push(coding);
    else return [];
  }
  return codings;
}

/** Deflate with the zlib header (RFC 1950), not raw (as some servers send it): undici tells them by the first byte. */
export const hasZlibHeader = (firstByte: number): boolean => (firstByte & 0x0f) === 0x08;
