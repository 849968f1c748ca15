import { exportEntry } from '../../serialize/stateEntries.ts';
import type { Conversation } from '../../store/types.ts';
import type { SimContext } from '../context.ts';
import { exportStateWith } from '../stateFile.ts';
import { PERSIST_FORMAT } from './persistFiles.ts';

/** Entries serialized per piece: a long conversation is written over several turns of the event loop. */
const ENTRIES_PER_PIECE = 256;

/**
 * A snapshot as taken at one moment, cheaply: the small parts already as JSON, the conversations as
 * references with how many entries each had then. Entries are only ever appended, so the first
 * `entries` of a conversation are the same whenever they are written; its record (status, sessions)
 * is written as it is when its turn comes, which is as new or newer than the moment's, and the log
 * after the moment rewrites it whole at its next change anyway.
 */
export interface SnapshotCapture {
  /** The snapshot's JSON up to the opening of `state.conversations`. */
  head: string;
  conversations: Array<{ conversation: Conversation; entries: number }>;
  /** The routing snapshot as JSON (what the log compares routing with). */
  routing: string;
}

type CaptureParts = Pick<SimContext, 'store' | 'routing' | 'clock' | 'faults' | 'tokens'>;

/** What the snapshot of `generation` holds, as of now. */
export function captureSnapshot(ctx: CaptureParts, keyPair: { privateKeyPem: string; publicKeyPem: string }, generation: number): SnapshotCapture {
  const { conversations: _later, ...state } = exportStateWith(ctx, undefined);
  const header = { format: PERSIST_FORMAT, generation, tokenSecret: Buffer.from(ctx.tokens.secretBytes).toString('base64url'), keyPair: { privateKeyPem: keyPair.privateKeyPem, publicKeyPem: keyPair.publicKeyPem }, faults: ctx.faults.snapshot() };
  // The conversations go last in `state` (key order means nothing to a reader; `--import` takes it as it is).
  const head = `${JSON.stringify(header).slice(0, -1)},"state":${JSON.stringify(state).slice(0, -1)},"conversations":[`;
  return { head, routing: JSON.stringify(state.routing), conversations: ctx.store.conversations.list().map((conversation) => ({ conversation, entries: conversation.entries.length })) };
}

/** The snapshot's JSON text, piece by piece: joined, it is one JSON document (`PersistSnapshot`). */
export function* snapshotPieces(capture: SnapshotCapture): Generator<string> {
  yield capture.head;
  for (const [i, { conversation, entries: count }] of capture.conversations.entries()) {
    const { entries, ...record } = conversation;
    yield `${i ? ',' : ''}${JSON.stringify(record).slice(0, -1)},"entries":[`;
    for (let from = 0; from < count; from += ENTRIES_PER_PIECE) {
      const json = JSON.stringify(entries.slice(from, Math.min(count, from + ENTRIES_PER_PIECE)).map(exportEntry));
      yield `${from ? ',' : ''}${json.slice(1, -1)}`;
    }
    yield ']}';
  }
  yield ']}}';
}
