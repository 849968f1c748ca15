import * as fs from 'node:fs';
import { chmodSync, closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { syncDirectory, writeFileAtomic, writeFileAtomicFrom } from '../../shared/atomicFile.ts';
import { PERSIST_FILES } from './persistFiles.ts';
import { readPersisted, type Restored } from './readPersisted.ts';

export { PERSIST_FILES, type PersistSnapshot } from './persistFiles.ts';
export type { Restored } from './readPersisted.ts';

/**
 * The `--persist` directory: a snapshot written atomically, and an append-only log of changes since
 * it. Files are created 0600 in a 0700 directory (they hold the token secret, the private key and
 * every conversation). A lock file keeps a second simulator from writing the same directory.
 */
export class PersistDir {
  readonly dir: string;
  private fd: number | undefined;
  private bytes = 0;
  /** The log appended to: `log`, or `next` while a snapshot is being written in the background. */
  private current: 'log' | 'next' = 'log';

  constructor(
    path: string,
    private readonly options: { fsync: boolean },
  ) {
    this.dir = resolve(path);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.lock();
    // A snapshot's temporary file left by a process that died while writing it (this one holds the lock now).
    for (const name of readdirSync(this.dir)) if (name.startsWith(`.${PERSIST_FILES.snapshot}.`) && name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
  }

  file(name: keyof typeof PERSIST_FILES): string {
    return join(this.dir, PERSIST_FILES[name]);
  }

  /** The snapshot and the changes after it, or `undefined` for a new directory. A bad file stops with its name. */
  read(): Restored | undefined {
    return readPersisted(this.file('snapshot'), [this.file('log'), this.file('next')]);
  }

  /**
   * Replace the snapshot (atomically, at once), then start an empty change log of its generation
   * (a next log a background snapshot had started is removed: this snapshot holds it all). Returns the snapshot's length.
   */
  writeSnapshot(text: string, generation: number): number {
    writeFileAtomic(this.file('snapshot'), text, 'the snapshot', fs, 0o600);
    this.closeLog();
    rmSync(this.file('next'), { force: true });
    this.current = 'log';
    const fd = this.open();
    ftruncateSync(fd, 0);
    this.bytes = 0;
    this.append(JSON.stringify({ generation }));
    return Buffer.byteLength(text);
  }

  /**
   * Go on appending to a new log, `changes.next.jsonl`, headed with `generation`: the changes after
   * this moment, which a snapshot being written now (`writeSnapshotFrom`) will not hold. The log
   * before it is complete and stays until the snapshot is in place (`adoptNextLog`): a restart in
   * between reads the old snapshot, the old log and this one, in that order.
   */
  startNextLog(generation: number): void {
    const file = this.file('next');
    rmSync(file, { force: true });
    const fd = openSync(file, 'a', 0o600);
    const header = Buffer.from(`${JSON.stringify({ generation })}\n`);
    try {
      chmodSync(file, 0o600);
      writeAll(fd, header, this.options.fsync);
    } catch (err) {
      closeSync(fd);
      rmSync(file, { force: true });
      throw err;
    }
    // With fsync, the new file's name must outlive a power loss too (the changes it takes are acknowledged).
    if (this.options.fsync) syncDirectory(fs, this.dir);
    this.closeLog();
    this.fd = fd;
    this.bytes = header.length;
    this.current = 'next';
  }

  /** Write the snapshot from pieces, off the event loop; renamed in only if `commit()` still says so (see `writeFileAtomicFrom`). */
  writeSnapshotFrom(pieces: AsyncIterable<string>, commit: () => boolean): Promise<number | undefined> {
    return writeFileAtomicFrom(this.file('snapshot'), pieces, { what: 'the snapshot', mode: 0o600, commit });
  }

  /** The snapshot written from pieces is in place: the next log becomes the log (the old one, now in the snapshot, is replaced). */
  adoptNextLog(): void {
    if (this.current !== 'next') return;
    renameSync(this.file('next'), this.file('log'));
    this.current = 'log';
    if (this.options.fsync) syncDirectory(fs, this.dir);
  }

  /**
   * Append one line, written through to the OS before this returns (it outlives the process being
   * killed; with `fsync`, the machine losing power too). A failed write is cut back off, so the log
   * never keeps half a line in its middle; the error is thrown for the caller to retry later.
   */
  append(line: string): void {
    const fd = this.open();
    const text = `${line}\n`;
    const length = Buffer.byteLength(text);
    try {
      writeText(fd, text, length, this.options.fsync);
    } catch (err) {
      try {
        ftruncateSync(fd, this.bytes);
      } catch {
        // The line will be retried after the good ones; at worst it is the torn last line a restart leaves out.
      }
      throw err;
    }
    this.bytes += length;
  }

  /** The length of the log being appended to. */
  get logBytes(): number {
    return this.bytes;
  }

  close(): void {
    this.closeLog();
    rmSync(this.file('lock'), { force: true });
  }

  private closeLog(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      const file = this.file(this.current);
      this.fd = openSync(file, 'a', 0o600);
      chmodSync(file, 0o600);
      this.bytes = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  /** One simulator per directory: a lock file with our pid (a stale one, whose process is gone, is taken over). */
  private lock(): void {
    const file = this.file('lock');
    if (existsSync(file)) {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`[miaw-sim] ${this.dir} is in use by another simulator (pid ${pid}); stop it or use another --persist directory.`);
      }
    }
    writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  }
}

function writeAll(fd: number, data: Buffer, fsync: boolean): void {
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
  if (fsync) fsyncSync(fd);
}

/** `text` (`length` bytes in UTF-8) written whole: straight from the string (no Buffer made per line), the rest of a short write from its bytes. */
function writeText(fd: number, text: string, length: number, fsync: boolean): void {
  const written = writeSync(fd, text);
  if (written < length) writeAll(fd, Buffer.from(text).subarray(written), false);
  if (fsync) fsyncSync(fd);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
