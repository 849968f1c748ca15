import { closeSync, openSync, readSync } from 'node:fs';

/** The most a file the user names (a config file, a state export, a key) is read before it is refused. */
export const FILE_LIMITS = {
  /** A config file, a PEM key or certificate: far more than any real one. */
  config: 16 * 1024 * 1024,
  /** A state export: about the longest string V8 can parse as JSON. */
  state: 512 * 1024 * 1024,
} as const;

/** A file was larger than the bytes it may hold: the caller names the file and the limit. */
export class FileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly maxBytes: number,
  ) {
    super(`${file} is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

const CHUNK = 64 * 1024;

/**
 * A file's text, read a chunk at a time and refused (`FileTooLargeError`) past `maxBytes`, so
 * `/dev/zero`, `/dev/urandom` or a huge file never fills the memory: `readFileSync` reads until the
 * end, which such a file never reaches. A pipe (`--import <(...)`) is read to its end like a file.
 * Other failures are the `fs` error (ENOENT, EISDIR, ...).
 */
export function readBoundedText(file: string, maxBytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileTooLargeError(file, maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
