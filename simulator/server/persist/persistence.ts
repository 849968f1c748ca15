import { exportEntry } from '../../serialize/stateEntries.ts';
import type { Conversation, StoredEvent } from '../../store/types.ts';
import type { Persistence, SimContext } from '../context.ts';
import { exportState } from '../stateFile.ts';
import type { ChangeLine } from './changeLine.ts';
import type { PersistDir } from './persistDir.ts';
import { SalesforceChanges } from './salesforceChanges.ts';

/** The log is folded into a new snapshot once it is larger than this, or than twice the last snapshot. */
const MIN_COMPACT_BYTES = 16 * 1024 * 1024;

type ContextParts = Pick<SimContext, 'store' | 'routing' | 'faults' | 'clock' | 'tokens' | 'live' | 'log'>;

/**
 * Keeps the state on disk as it changes. Nothing in the domain knows about it: it hears
 *  - of events as they are stored (`store.events.watch`), and writes them and their conversation
 *    before the event is sent on any stream, so an id a client saw is never handed out again;
 *  - of conversations and routing through the live feed's notices (every entry, closing, routing);
 *  - of the directory, token cutoffs, revocations, fault rules, the clock and the Email Cases
 *    records by their counters,
 *    compared on every flush (cheap);
 * and writes what changed as one line of the change log when asked (`flush`, before any HTTP reply
 * goes out) and at the end of every tick in which something changed (scripted reps act on timers).
 * A reset or import replaces the state wholesale: that is written as a new snapshot.
 */
export function attachPersistence(
  ctx: ContextParts,
  dir: PersistDir,
  keyPair: { privateKeyPem: string; publicKeyPem: string },
  /** What the directory held: its generation, and whether the log goes on as it is (else a snapshot is written at once). */
  from: { generation: number; continueLog?: { snapshotBytes: number } },
): Persistence {
  let generation = from.generation;
  const { store } = ctx;
  /** Conversations touched since the end of the last tick (kept through the tick: a record may still change after its entry). */
  const touched = new Set<string>();
  /** Per conversation: entries on disk and the record (without entries) as last written. */
  const written = new Map<string, { entries: number; record?: string }>();
  let events: StoredEvent[] = [];
  let routingTouched = false;
  let routingWritten = '';
  const salesforce = new SalesforceChanges(store.salesforce);
  let seen = counters();
  let sweepScheduled = false;
  let failing = false;
  let snapshotBytes = 0;
  let closed = false;

  function counters() {
    return { generation: store.generation, directory: store.directory.version, cutoffs: store.tokenCutoffs.version, revoked: store.revokedTokens.size, faults: ctx.faults.version, clock: ctx.clock.offsetMs, seq: store.events.lastId };
  }

  function compact(): void {
    generation++;
    const text = { format: 'miaw-sim-persist/1' as const, generation, tokenSecret: Buffer.from(ctx.tokens.secretBytes).toString('base64url'), keyPair: { privateKeyPem: keyPair.privateKeyPem, publicKeyPem: keyPair.publicKeyPem }, faults: ctx.faults.snapshot(), state: exportState(ctx as SimContext) };
    snapshotBytes = dir.writeSnapshot(text);
    // What is touched stays touched: a record may still change in this tick, and is compared at its end.
    written.clear();
    for (const c of store.conversations.list()) written.set(c.id, { entries: c.entries.length });
    events = [];
    routingWritten = JSON.stringify(text.state.routing);
    salesforce.written();
    seen = counters();
  }

  function conversationChange(conversation: Conversation, pending: Map<string, { entries: number; record: string }>): NonNullable<ChangeLine['conversations']>[number] | undefined {
    const { entries, ...record } = conversation;
    const before = written.get(conversation.id) ?? { entries: 0 };
    const recordJson = JSON.stringify(record);
    if (before.entries === entries.length && before.record === recordJson) return undefined;
    pending.set(conversation.id, { entries: entries.length, record: recordJson });
    return { from: before.entries, conversation: { ...record, entries: entries.slice(before.entries).map(exportEntry) } };
  }

  function flush(): void {
    if (closed) return;
    if (store.generation !== seen.generation) return compact();
    const now = counters();
    const line: ChangeLine = {};
    const pending = new Map<string, { entries: number; record: string }>();
    const conversations = [...touched].flatMap((id) => {
      const conversation = store.conversations.get(id);
      const change = conversation && conversationChange(conversation, pending);
      return change ? [change] : [];
    });
    if (conversations.length) line.conversations = conversations;
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
    if (Object.keys(line).length === 0) return;
    dir.append(JSON.stringify(line));
    cases?.commit();
    // On disk: only now is it counted as written (a failed append leaves it all pending for the next flush).
    for (const [id, state] of pending) written.set(id, state);
    events = [];
    if (routingJson !== undefined) routingWritten = routingJson;
    seen = now;
    if (failing) ctx.log(`[miaw-sim] Writing to ${dir.dir} works again; the changes held back are on disk now.`);
    failing = false;
    if (dir.logBytes > Math.max(MIN_COMPACT_BYTES, 2 * snapshotBytes)) compact();
  }

  /** A flush nobody waits on (a timer's change, an event about to be sent): a failure is told once, and retried with the next one. */
  function flushQuietly(): void {
    try {
      flush();
    } catch (err) {
      failed(err);
    }
  }

  function failed(err: unknown): void {
    if (!failing) ctx.log(`[miaw-sim] Cannot write to ${dir.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): changes are kept in memory and retried; replies are held back until they are written.`);
    failing = true;
  }

  /** At the end of the tick, write what changed in it and forget what was touched. */
  function sweepSoon(): void {
    if (sweepScheduled) return;
    sweepScheduled = true;
    queueMicrotask(() => {
      sweepScheduled = false;
      flushQuietly();
      if (!failing) {
        touched.clear();
        routingTouched = false;
      }
    });
  }

  const touch = (conversationId: string) => {
    touched.add(conversationId);
    sweepSoon();
  };

  store.events.watch((event) => {
    events.push(event);
    touch(event.conversationId);
    flushQuietly();
  });
  const unsubscribe = ctx.live.subscribe((message) => {
    if (message.type === 'entry' || message.type === 'conversation') touch(message.conversationId);
    else if (message.type === 'routing') {
      routingTouched = true;
      sweepSoon();
    } else sweepSoon(); // faults, the clock, a reset; and every request's journal notice (a change whose reply was lost is written too)
  });

  if (from.continueLog) {
    // The state in memory is what the snapshot and its log say: go on appending to that log.
    snapshotBytes = from.continueLog.snapshotBytes;
    for (const c of store.conversations.list()) written.set(c.id, { entries: c.entries.length });
    routingWritten = JSON.stringify(ctx.routing.snapshot());
    salesforce.written();
  } else compact();

  return {
    flush: () => {
      try {
        flush();
      } catch (err) {
        failed(err);
        throw err;
      }
    },
    close: () => {
      if (closed) return;
      unsubscribe();
      flushQuietly();
      closed = true;
      dir.close();
    },
  };
}
