import { exportEntry } from '../../serialize/stateEntries.ts';
import { describeFsError } from '../../shared/atomicFile.ts';
import type { Conversation, StoredEvent } from '../../store/types.ts';
import type { Persistence, SimContext } from '../context.ts';
import { DEFAULT_COMPACTION, writeSnapshotInBackground, type BackgroundSnapshot, type CompactionOptions } from './backgroundSnapshot.ts';
import type { ChangeLine } from './changeLine.ts';
import type { PersistDir } from './persistDir.ts';
import { SalesforceChanges } from './salesforceChanges.ts';
import { captureSnapshot, snapshotPieces, type SnapshotCapture } from './snapshotPieces.ts';

type ContextParts = Pick<SimContext, 'store' | 'routing' | 'faults' | 'clock' | 'tokens' | 'live' | 'log'>;

/**
 * Keeps the state on disk as it changes. Nothing in the domain knows about it: it hears
 *  - of events as they are stored (`store.events.watch`);
 *  - of each conversation added or changed, by the store (`store.conversations.watch`: every change
 *    to one goes through the store, the only code that can change it), and writes exactly those:
 *    nothing is compared to find them;
 *  - of routing through the live feed's notices;
 *  - of the directory, token cutoffs, revocations, fault rules, the clock and the Email Cases
 *    records by their counters,
 *    compared on every flush (cheap);
 * and writes what changed as one line of the change log once per turn of the event loop in which
 * something changed (group commit: `setImmediate` on the first change), however many requests made
 * changes in that turn. Whatever a client could see of a change waits for that write: a reply or an
 * event-stream frame written meanwhile is held (`pending()`, `afterFlush`, `http/flushBeforeReplies.ts`),
 * and dropped if the write fails, so an id a client saw is never handed out again and a 2xx is never
 * forgotten by a restart. Each line is serialized once.
 * A reset or import replaces the state wholesale: that is written as a new snapshot at once. A log
 * grown past its limit is folded into a new snapshot in the background (`backgroundSnapshot.ts`):
 * changes go on to a next log meanwhile, and the event loop is never held for more than a slice.
 */
export function attachPersistence(
  ctx: ContextParts,
  dir: PersistDir,
  keyPair: { privateKeyPem: string; publicKeyPem: string },
  /** What the directory held: its generation, and whether the log goes on as it is (else a snapshot is written at once). */
  from: { generation: number; continueLog?: { snapshotBytes: number } },
  compaction: CompactionOptions = DEFAULT_COMPACTION,
): Persistence & { idle(): Promise<void> } {
  let generation = from.generation;
  const { store } = ctx;
  /** Conversations changed since their last line went to disk (a failed write leaves them here, for the next flush). */
  const dirty = new Set<string>();
  /** Per conversation: how many of its entries are on disk. */
  const written = new Map<string, number>();
  let events: StoredEvent[] = [];
  let routingTouched = false;
  let routingWritten = '';
  const salesforce = new SalesforceChanges(store.salesforce);
  let seen = counters();
  /** A write is scheduled for the end of this turn (`writeTurn`). */
  let scheduled = false;
  /** What waits for that write: held replies and stream frames, told whether it failed. */
  let waiting: Array<(failed?: unknown) => void> = [];
  let failing = false;
  let snapshotBytes = 0;
  let closed = false;
  let background: BackgroundSnapshot | undefined;
  /** Every background snapshot not yet settled, the given-up ones included (`idle()` waits for them all). */
  const writing = new Set<Promise<void>>();
  /** A background snapshot failed: the next one is written at once (the logs it would have joined are kept meanwhile). */
  let snapshotNow = false;

  function counters() {
    return { generation: store.generation, directory: store.directory.version, cutoffs: store.tokenCutoffs.version, revoked: store.revokedTokens.size, faults: ctx.faults.version, clock: ctx.clock.offsetMs, seq: store.events.lastId };
  }

  /** Once a snapshot of this moment holds everything: each conversation is on disk up to its entries now. */
  function snapshotTaken(capture: SnapshotCapture, changes: 'forget' | 'keep'): void {
    // A synchronous snapshot holds every change made so far; one written in the background may not hold those made after its capture.
    if (changes === 'forget') {
      written.clear();
      dirty.clear();
    }
    for (const { conversation, entries } of capture.conversations) written.set(conversation.id, entries);
    events = [];
    routingWritten = capture.routing;
    salesforce.written();
    seen = counters();
  }

  /** Write a snapshot of the state now, at once, and start its log (a reset, an import, a start; or after a background one failed). */
  function compact(): void {
    background?.cancel();
    background = undefined;
    generation++;
    const capture = captureSnapshot(ctx, keyPair, generation);
    snapshotBytes = dir.writeSnapshot([...snapshotPieces(capture)].join(''), generation);
    snapshotTaken(capture, 'forget');
    snapshotNow = false;
  }

  /**
   * Fold the log into a new snapshot without stopping: right after a line is written (nothing is
   * pending), the next log is begun and the state captured; the snapshot is then written a slice at
   * a time while changes go on to the next log, which becomes the log once the snapshot is in place.
   */
  function compactInBackground(): void {
    if (snapshotNow) return compact();
    try {
      dir.startNextLog(generation + 1);
    } catch (err) {
      ctx.log(`[miaw-sim] Cannot start a new change log in ${dir.dir} (${describeFsError(err)}): the log goes on growing; tried again after the next change.`);
      return;
    }
    generation++;
    const capture = captureSnapshot(ctx, keyPair, generation);
    // What changes from now on is marked as it changes, and goes to the next log whether the snapshot holds it or not.
    snapshotTaken(capture, 'keep');
    const running = writeSnapshotInBackground(
      dir,
      capture,
      compaction,
      (bytes) => {
        dir.adoptNextLog();
        snapshotBytes = bytes;
      },
      (err) => {
        ctx.log(`[miaw-sim] Cannot write a new snapshot in ${dir.dir} (${(err as Error).message.replace(/^\[miaw-sim\] /, '')}): nothing is lost, the next one is written at once.`);
        snapshotNow = true;
      },
    );
    background = running;
    writing.add(running.done);
    void running.done.then(() => {
      writing.delete(running.done);
      if (background === running) background = undefined;
    });
  }

  /** A changed conversation's part of the line: its whole record, and the entries added since its last line. */
  function conversationChange(conversation: Conversation): string {
    const { entries, ...record } = conversation;
    const from = written.get(conversation.id) ?? 0;
    // The bytes JSON.stringify writes for `{ from, conversation: { ...record, entries } }`.
    return `{"from":${from},"conversation":${JSON.stringify(record).slice(0, -1)},"entries":${JSON.stringify(entries.slice(from).map(exportEntry))}}}`;
  }

  function flush(): void {
    if (closed) return;
    if (store.generation !== seen.generation) return compact();
    const now = counters();
    const line: Omit<ChangeLine, 'conversations'> = {};
    const changed: Conversation[] = [];
    for (const id of dirty) {
      const conversation = store.conversations.get(id);
      if (conversation) changed.push(conversation);
    }
    const conversations = changed.map(conversationChange);
    if (events.length) line.events = events;
    if (now.seq !== seen.seq) line.seq = now.seq;
    if (now.revoked !== seen.revoked) line.revokedTokens = [...store.revokedTokens].slice(seen.revoked);
    if (now.directory !== seen.directory) line.directory = { orgs: store.directory.listOrgs(), deployments: store.directory.listDeployments(), keysets: store.directory.listKeysets() };
    if (now.cutoffs !== seen.cutoffs) line.tokenCutoffs = store.tokenCutoffs.snapshot();
    if (now.faults !== seen.faults) line.faults = ctx.faults.snapshot();
    if (now.clock !== seen.clock) line.clock = { offsetMs: now.clock };
    let routingJson: string | undefined;
    if (routingTouched) {
      const routing = ctx.routing.snapshot();
      routingJson = JSON.stringify(routing);
      if (routingJson !== routingWritten) line.routing = routing;
    }
    const cases = salesforce.pending();
    if (cases) line.salesforce = cases.change;
    if (!conversations.length && Object.keys(line).length === 0) {
      dirty.clear();
      routingTouched = false;
      return;
    }
    const rest = JSON.stringify(line);
    // A ChangeLine, `conversations` first: the conversations' text as made above, the rest as JSON.stringify writes it.
    dir.append(conversations.length ? `{"conversations":[${conversations.join(',')}]${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}` : rest);
    cases?.commit();
    // On disk: only now is it counted as written (a failed append leaves it all pending for the next flush).
    for (const conversation of changed) written.set(conversation.id, conversation.entries.length);
    dirty.clear();
    events = [];
    if (routingJson !== undefined) routingWritten = routingJson;
    routingTouched = false;
    seen = now;
    if (failing) ctx.log(`[miaw-sim] Writing to ${dir.dir} works again; the changes held back are on disk now.`);
    failing = false;
    if (!background && dir.logBytes > Math.max(compaction.minBytes, 2 * snapshotBytes)) compactInBackground();
  }

  /** A flush: a failure is told once, given back, and retried with the next write (the changes stay pending). */
  function flushQuietly(): unknown {
    try {
      flush();
      return undefined;
    } catch (err) {
      failed(err);
      return err;
    }
  }

  function failed(err: unknown): void {
    if (!failing) ctx.log(`[miaw-sim] Cannot write to ${dir.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): changes are kept in memory and retried; replies are held back until they are written.`);
    failing = true;
  }

  /** Write what changed at the end of this turn, once however many changes it saw (routing is compared there once, however often it was told of). */
  function writeSoon(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(writeTurn);
  }

  /** The turn's one write; then what waited on it goes out, or is dropped if it failed. */
  function writeTurn(): void {
    scheduled = false;
    const error = flushQuietly();
    const done = waiting;
    waiting = [];
    for (const release of done) release(error);
  }

  /** Is a change not yet on disk? (What no watcher tells of, the directory, token cutoffs, revocations, Email Cases, is seen by its counter.) */
  function pending(): boolean {
    if (closed) return false;
    return (
      dirty.size > 0 ||
      events.length > 0 ||
      routingTouched ||
      store.generation !== seen.generation ||
      store.directory.version !== seen.directory ||
      store.tokenCutoffs.version !== seen.cutoffs ||
      store.revokedTokens.size !== seen.revoked ||
      ctx.faults.version !== seen.faults ||
      ctx.clock.offsetMs !== seen.clock ||
      salesforce.moved()
    );
  }

  const unwatch = store.conversations.watch((conversation) => {
    dirty.add(conversation.id);
    writeSoon();
  });
  store.events.watch((event) => {
    events.push(event);
    writeSoon();
  });
  const unsubscribe = ctx.live.subscribe((message) => {
    if (message.type === 'routing') routingTouched = true;
    writeSoon(); // routing, faults, the clock, a reset; and every request's journal notice (a change whose reply was lost is written too)
  });

  if (from.continueLog) {
    // The state in memory is what the snapshot and its log say: go on appending to that log.
    snapshotBytes = from.continueLog.snapshotBytes;
    for (const c of store.conversations.list()) written.set(c.id, c.entries.length);
    routingWritten = JSON.stringify(ctx.routing.snapshot());
    salesforce.written();
  } else compact();

  return {
    pending,
    afterFlush: (release) => {
      waiting.push(release);
      writeSoon();
    },
    close: () => {
      if (closed) return;
      unsubscribe();
      writeTurn();
      unwatch();
      closed = true;
      // A snapshot still being written is given up: the old one and the logs hold everything.
      background?.cancel();
      dir.close();
    },
    idle: async () => {
      while (writing.size) await Promise.all(writing);
    },
  };
}
