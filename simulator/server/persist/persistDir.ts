import * as fs from 'node:fs';
import { chmodSync, closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { FaultRulesSnapshot } from '../../faults/faultRules.ts';
import { FaultRulesSnapshotSchema } from '../../faults/faultRulesSnapshot.ts';
import { writeFileAtomic } from '../../shared/atomicFile.ts';
import { checkAgainst } from '../../shared/validation.ts';
import type { StateSnapshot } from '../stateFile.ts';
import { Replay } from './changeLine.ts';

/** The files of a `--persist` directory. */
export const PERSIST_FILES = { snapshot: 'snapshot.json', log: 'changes.jsonl', lock: 'lock' } as const;

const FORMAT = 'miaw-sim-persist/1';

/**
 * A snapshot: the state export (`GET /__sim/v1/state`'s format, usable with `--import`) plus what the
 * export leaves out on purpose and a restart needs: the fault rules, the secret access tokens are
 * signed with and the default key pair. `generation` pairs it with the change log written after it.
 */
export interface PersistSnapshot {
  format: typeof FORMAT;
  generation: number;
  tokenSecret: string;
  keyPair: { privateKeyPem: string; publicKeyPem: string };
  faults: FaultRulesSnapshot;
  state: StateSnapshot;
}

const SnapshotSchema = z.strictObject({
  format: z.literal(FORMAT, { error: `must be "${FORMAT}" (a file miaw-sim --persist wrote)` }),
  generation: z.number().int().nonnegative(),
  tokenSecret: z.string().regex(/^[\w-]{43,}$/, 'must be a base64url secret of 32 bytes or more'),
  keyPair: z.strictObject({ privateKeyPem: z.string().includes('PRIVATE KEY'), publicKeyPem: z.string().includes('PUBLIC KEY') }),
  faults: FaultRulesSnapshotSchema,
  state: z.looseObject({ conversations: z.array(z.looseObject({ id: z.string(), entries: z.array(z.unknown()) })), events: z.looseObject({ seq: z.number(), events: z.array(z.unknown()) }), revokedTokens: z.array(z.string()) }),
});

/** What a persist directory held: the snapshot's parts and the export with every change line merged in (not yet checked). */
export interface Restored {
  generation: number;
  tokenSecret: Uint8Array;
  keyPair: { privateKeyPem: string; publicKeyPem: string };
  faults: FaultRulesSnapshot;
  state: StateSnapshot;
  /** Change lines replayed, and whether a torn last line (a write cut short by the crash) was left out. */
  changes: number;
  tornLine: boolean;
  /** Whether the log can be appended to as it is (it follows this snapshot and ends with a whole line). */
  logContinues: boolean;
  /** The snapshot file's length (the log is compacted when it grows past twice that). */
  snapshotBytes: number;
  /** What to name in an error about the merged state. */
  source: string;
}

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
    const snapshotFile = this.file('snapshot');
    const logFile = this.file('log');
    if (!existsSync(snapshotFile)) {
      if (existsSync(logFile) && readFileSync(logFile).length > 0) throw new Error(`[miaw-sim] Cannot restore ${logFile}: there is no ${PERSIST_FILES.snapshot} beside it (was it deleted?). Move the directory away to start afresh.`);
      return undefined;
    }
    const snapshot = readSnapshot(snapshotFile);
    const replay = new Replay(snapshot.state as unknown as ConstructorParameters<typeof Replay>[0], snapshot.faults);
    const { changes, tornLine, follows } = existsSync(logFile) ? replayLog(logFile, snapshot.generation, replay) : { changes: 0, tornLine: false, follows: false };
    return {
      generation: snapshot.generation,
      tokenSecret: new Uint8Array(Buffer.from(snapshot.tokenSecret, 'base64url')),
      keyPair: snapshot.keyPair,
      faults: replay.faults,
      state: replay.result(),
      changes,
      tornLine,
      logContinues: follows && !tornLine,
      snapshotBytes: statSync(snapshotFile).size,
      source: changes ? `${snapshotFile} with ${changes} change(s) from ${logFile}` : snapshotFile,
    };
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

function readSnapshot(file: string): z.infer<typeof SnapshotSchema> & { state: StateSnapshot } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be the token secret or the private key.
    throw new Error(`[miaw-sim] Cannot restore ${file}: it is not valid JSON (cut short or overwritten?). Move the directory away to start afresh.`);
  }
  const checked = checkAgainst(SnapshotSchema, json);
  if (!checked.ok) throw new Error(`[miaw-sim] Cannot restore ${file}: ${checked.field}: ${checked.expected}`);
  return checked.data as z.infer<typeof SnapshotSchema> & { state: StateSnapshot };
}

/**
 * Apply the log's lines to the replay. The first line names the snapshot generation the log follows;
 * a log of another generation was already folded into the snapshot (a crash between writing the
 * snapshot and emptying the log) and is skipped. Only the last line may be torn (no newline yet).
 */
function replayLog(file: string, generation: number, replay: Replay): { changes: number; tornLine: boolean; follows: boolean } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const tornLine = lines.at(-1) !== '';
  const complete = lines.slice(0, -1);
  if (!complete.length) return { changes: 0, tornLine, follows: false };
  const header = parseLine(file, 1, complete[0]!) as { generation?: unknown };
  if (header.generation !== generation) return { changes: 0, tornLine: false, follows: false };
  for (const [i, line] of complete.entries()) {
    if (i === 0) continue;
    try {
      replay.apply(parseLine(file, i + 1, line));
    } catch (err) {
      throw new Error(`[miaw-sim] Cannot restore ${file}: line ${i + 1}: ${oneLine((err as Error).message)}`);
    }
  }
  return { changes: complete.length - 1, tornLine, follows: true };
}

function parseLine(file: string, number: number, line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`[miaw-sim] Cannot restore ${file}: line ${number} is not valid JSON (only the last line may be cut short by a crash).`);
  }
}

const oneLine = (message: string) => message.replace(/\s+/g, ' ').slice(0, 300);
