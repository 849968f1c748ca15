import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PersistDir } from './persistDir.ts';
import { snapshotPieces, type SnapshotCapture } from './snapshotPieces.ts';

/** When the log is folded into a new snapshot, and how the snapshot is written without holding up requests. */
export interface CompactionOptions {
  /** The log is folded into a new snapshot once it is larger than this, or than twice the last snapshot. */
  minBytes: number;
  /** The longest the snapshot's serialization runs before it lets the event loop go on (its writes and fsync run off the main thread). */
  sliceMs: number;
  /** For tests: awaited between slices, to hold a snapshot open while requests come in. */
  betweenSlices?: () => Promise<void>;
}

export const DEFAULT_COMPACTION: CompactionOptions = { minBytes: 16 * 1024 * 1024, sliceMs: 4 };

/** Text handed to the file at once, at most (a slice ends sooner when its time is up). */
const MAX_SLICE_CHARS = 1 << 20;

/** A snapshot being written in the background: `done` settles once it is in place, given up or failed (never rejects). */
export interface BackgroundSnapshot {
  cancel(): void;
  done: Promise<void>;
}

/**
 * Write `capture` as the new snapshot a slice at a time, then have it take over (`placed`, in the
 * turn the rename happened in or the next). Given up (`cancel`): the old snapshot stays and nothing
 * is renamed, whatever point it had reached. A failure is handed to `failed`; the old snapshot and
 * both logs still say everything then, so nothing is lost.
 */
export function writeSnapshotInBackground(dir: PersistDir, capture: SnapshotCapture, options: CompactionOptions, placed: (bytes: number) => void, failed: (err: unknown) => void): BackgroundSnapshot {
  let cancelled = false;
  async function* slices(): AsyncGenerator<string> {
    let text = '';
    let began = performance.now();
    for (const piece of snapshotPieces(capture)) {
      text += piece;
      if (text.length < MAX_SLICE_CHARS && performance.now() - began < options.sliceMs) continue;
      yield text;
      text = '';
      await nextTurn();
      await options.betweenSlices?.();
      if (cancelled) throw new Error('the snapshot was given up');
      began = performance.now();
    }
    if (text) yield text;
  }
  const done = dir.writeSnapshotFrom(slices(), () => !cancelled).then(
    (bytes) => {
      if (bytes !== undefined && !cancelled) placed(bytes);
    },
    (err: unknown) => {
      if (!cancelled) failed(err);
    },
  );
  return {
    cancel: () => {
      cancelled = true;
    },
    done: done.catch(failed),
  };
}
