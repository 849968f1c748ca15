import * as fs from 'node:fs';
import { chmodSync, closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../shared/atomicFile.ts';
import { PERSIST_FILES, type PersistSnapshot } from './persistFiles.ts';
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

  constructor(
    path: string,
    private readonly options: { fsync: boolean },
  ) {
    this.dir = resolve(path);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.lock();
  }

  file(name: keyof typeof PERSIST_FILES): string {
    return join(this.dir, PERSIST_FILES[name]);
  }

  /** The snapshot and the changes after it, or `undefined` for a new directory. A bad file stops with its name. */
  read(): Restored | undefined {
    return readPersisted(this.file('snapshot'), this.file('log'));
  }

  /** Replace the snapshot (atomically), then start an empty change log of the same generation; returns the snapshot's length. */
  writeSnapshot(snapshot: PersistSnapshot): number {
    const text = JSON.stringify(snapshot);
    writeFileAtomic(this.file('snapshot'), text, 'the snapshot', fs, 0o600);
    const fd = this.open();
    ftruncateSync(fd, 0);
    this.bytes = 0;
    this.append(JSON.stringify({ generation: snapshot.generation }));
    return text.length;
  }

  /**
   * Append one line, written through to the OS before this returns (it outlives the process being
   * killed; with `fsync`, the machine losing power too). A failed write is cut back off, so the log
   * never keeps half a line in its middle; the error is thrown for the caller to retry later.
   */
  append(line: string): void {
    const fd = this.open();
    const data = Buffer.from(`${line}\n`);
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
      if (this.options.fsync) fsyncSync(fd);
    } catch (err) {
      try {
        ftruncateSync(fd, this.bytes);
      } catch {
        // The line will be retried after the good ones; at worst it is the torn last line a restart leaves out.
      }
      throw err;
    }
    this.bytes += data.length;
  }

  get logBytes(): number {
    return this.bytes;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.file('lock'), { force: true });
  }

  private open(): number {
    if (this.fd === undefined) {
      const file = this.file('log');
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
