import * as fs from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file-system calls an atomic write makes: the real ones, or a test's that fail on purpose. */
export type AtomicFileOps = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'statSync' | 'realpathSync'>;

/**
 * Write `text` to `file` so that a reader (or the next start) sees the old content or the new,
 * never half of either: write a temporary file in the same directory, fsync it, rename it over the
 * target, then fsync the directory. On any failure the temporary file is removed, the previous
 * file is untouched, and the error is one line naming the file and the cause.
 *
 * A target that exists and is not a regular file (`/dev/stdout`, a FIFO, `/dev/full`) is written
 * in place: renaming over it would replace the device. A symbolic link is followed, so the link
 * stays and the file it points to is replaced. A new file gets `newFileMode` (0600 for one holding
 * secrets); an existing one keeps its mode.
 */
export function writeFileAtomic(file: string, text: string, what = 'the file', ops: AtomicFileOps = fs, newFileMode = 0o666): void {
  let target = file;
  let mode = newFileMode;
  let regular = true;
  try {
    target = ops.realpathSync(file);
    const stat = ops.statSync(target);
    regular = stat.isFile();
    mode = stat.mode & 0o777;
  } catch {
    // Not there yet: created with the default mode (less the umask).
  }
  try {
    if (!regular) return writeAndSync(ops, target, 'w', mode, text, false);
    const temp = tempFileFor(target);
    try {
      writeAndSync(ops, temp, 'wx', mode, text, true);
      ops.renameSync(temp, target);
    } catch (err) {
      try {
        ops.unlinkSync(temp);
      } catch {
        // Never created, or already renamed.
      }
      throw err;
    }
    syncDirectory(ops, dirname(target));
  } catch (err) {
    throw new Error(`[miaw-sim] Could not write ${what} to ${file}: ${describeFsError(err)}. ${regular ? 'The previous file, if any, is unchanged.' : ''}`.trim());
  }
}

/** A temporary file beside `target`, for an atomic write to rename over it. */
const tempFileFor = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/**
 * `writeFileAtomic` for a large regular file written piece by piece without blocking the event loop:
 * each piece is written to the temporary file as `pieces` yields it (the writes and the fsync run off
 * the main thread), then, if `commit()` still says so, the file is renamed over `file` and the
 * directory fsynced. The check and the rename run in one turn of the event loop, so nothing can
 * change `commit()`'s answer in between. Resolves to the bytes written, or `undefined` when
 * `commit()` said no (the temporary file is removed, `file` is untouched). A failure, or `pieces`
 * throwing, removes the temporary file and rejects with one line naming the file and the cause.
 */
export async function writeFileAtomicFrom(file: string, pieces: AsyncIterable<string>, options: { what: string; mode: number; commit: () => boolean }): Promise<number | undefined> {
  const temp = tempFileFor(file);
  let bytes = 0;
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', options.mode);
    try {
      for await (const piece of pieces) {
        const data = Buffer.from(piece, 'utf8');
        for (let at = 0; at < data.length; ) at += (await handle.write(data, at, data.length - at)).bytesWritten;
        bytes += data.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!options.commit()) return undefined;
    fs.renameSync(temp, file);
    renamed = true;
  } catch (err) {
    throw new Error(`[miaw-sim] Could not write ${options.what} to ${file}: ${describeFsError(err)}. The previous file, if any, is unchanged.`);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  await syncDirectoryAsync(dirname(file));
  return bytes;
}

/** `syncDirectory` off the main thread. */
async function syncDirectoryAsync(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // As in syncDirectory: best effort where a directory cannot be fsynced.
  }
}

/** Write it all; `sync` flushes it to the disk (a pipe or a device cannot be fsynced). */
function writeAndSync(ops: AtomicFileOps, path: string, flags: string, mode: number, text: string, sync: boolean): void {
  const fd = ops.openSync(path, flags, mode);
  try {
    const data = Buffer.from(text, 'utf8');
    for (let at = 0; at < data.length; ) at += ops.writeSync(fd, data, at, data.length - at);
    if (sync) ops.fsyncSync(fd);
  } finally {
    ops.closeSync(fd);
  }
}

/** Make the rename itself durable; some platforms cannot fsync a directory, which is fine. */
export function syncDirectory(ops: Pick<AtomicFileOps, 'openSync' | 'fsyncSync' | 'closeSync'>, dir: string): void {
  let fd: number | undefined;
  try {
    fd = ops.openSync(dir, 'r');
    ops.fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM on some file systems: the rename happened; durability is best effort.
  } finally {
    if (fd !== undefined) ops.closeSync(fd);
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than allowed (a file size limit such as ulimit -f)',
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
  EIO: 'an input/output error',
};

/** One line for a file-system error: the cause in words and its code, never a stack. `causes` words some codes for the case at hand. */
export function describeFsError(err: unknown, causes: Record<string, string> = {}): string {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const cause = (code && (causes[code] ?? CAUSES[code])) ?? (String(e?.message ?? err).split('\n')[0] ?? '');
  return code ? `${cause} (${code})` : cause;
}
