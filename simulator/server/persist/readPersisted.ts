import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { FaultRulesSnapshot } from '../../faults/faultRules.ts';
import { FaultRulesSnapshotSchema } from '../../faults/faultRulesSnapshot.ts';
import { checkAgainst } from '../../shared/validation.ts';
import type { StateSnapshot } from '../stateFile.ts';
import { Replay } from './changeLine.ts';
import { PERSIST_FILES, PERSIST_FORMAT as FORMAT } from './persistFiles.ts';

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
 * The snapshot and the changes after it, or `undefined` for a new directory. A bad file stops with its name.
 * `logs` are read in order, each only if its first line names the generation expected next: the
 * snapshot's, then one more for each log read. So after a crash while a snapshot was being written
 * in the background, the old snapshot, its log and the next log are read; once the new snapshot is
 * in place, the old log (one generation behind it) is skipped and the next log read.
 */
export function readPersisted(snapshotFile: string, logs: string[]): Restored | undefined {
  const present = logs.filter((file) => existsSync(file));
  if (!existsSync(snapshotFile)) {
    const orphan = present.find((file) => readFileSync(file).length > 0);
    if (orphan) throw new Error(`[miaw-sim] Cannot restore ${orphan}: there is no ${PERSIST_FILES.snapshot} beside it (was it deleted?). Move the directory away to start afresh.`);
    return undefined;
  }
  const snapshot = readSnapshot(snapshotFile);
  const replay = new Replay(snapshot.state as unknown as ConstructorParameters<typeof Replay>[0], snapshot.faults);
  let expected = snapshot.generation;
  let changes = 0;
  let tornLine = false;
  const read: string[] = [];
  for (const file of present) {
    const log = replayLog(file, expected, replay);
    if (!log.follows) continue;
    expected++;
    changes += log.changes;
    tornLine ||= log.tornLine;
    read.push(file);
  }
  return {
    generation: snapshot.generation,
    tokenSecret: new Uint8Array(Buffer.from(snapshot.tokenSecret, 'base64url')),
    keyPair: snapshot.keyPair,
    faults: replay.faults,
    state: replay.result(),
    changes,
    tornLine,
    // Appending goes on only to the one log that follows the snapshot, when nothing else is there.
    logContinues: read.length === 1 && present.length === 1 && read[0] === logs[0] && !tornLine,
    snapshotBytes: statSync(snapshotFile).size,
    source: changes ? `${snapshotFile} with ${changes} change(s) from ${read.join(' and ')}` : snapshotFile,
  };
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
 * Apply the log's lines to the replay. The first line names the generation the log follows; a log
 * of another generation was already folded into the snapshot (a crash between writing the snapshot
 * and emptying the log) and is skipped. Only the last line may be torn (no newline yet): the write
 * the crash cut short, never acknowledged (a change whose write failed is written again whole later).
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
    const change = parseLine(file, i + 1, line);
    try {
      replay.apply(change);
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
