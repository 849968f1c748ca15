import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replace `file` with `content` all at once: written to a temporary file in the same directory,
 * flushed to the disk (fsync), then renamed over `file`, and the directory flushed too. A crash or a
 * full disk at any point leaves either the old file or the new one, never a truncated mix. The file
 * is created with `mode` (0600 for anything holding secrets).
 */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'w', mode);
    try {
      const bytes = Buffer.from(content);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDirectory(dirname(file));
}

/** Make a rename in `dir` durable (some platforms cannot open a directory; the rename still happened). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is done, only its durability across power loss is weaker.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
