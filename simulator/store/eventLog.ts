import { BoundedList } from './boundedList.ts';
import type { StoredEvent } from './types.ts';

/**
 * Every SSE event sent, per subject, with a global monotonically increasing id. Keeps the newest
 * `limit` events per subject for `Last-Event-ID` replay.
 */
export class EventLog {
  private seq = 0;
  private bySubject = new Map<string, BoundedList<StoredEvent>>();
  private watchers: Array<(event: StoredEvent) => void> = [];

  constructor(private readonly limit: number) {}

  /** The id of the newest event overall: what a token response hands out as `lastEventId`. */
  get lastId(): number {
    return this.seq;
  }

  /** Keeps `event` itself (a fresh object the caller hands over), numbered: no copy per event. */
  append(event: Omit<StoredEvent, 'id'>): StoredEvent {
    const stored = event as StoredEvent;
    stored.id = ++this.seq;
    this.listOf(event.subject).push(stored);
    for (const watcher of this.watchers) watcher(stored);
    return stored;
  }

  /** Told of each event as it is stored, before anyone sends it (persistence writes it down first). */
  watch(watcher: (event: StoredEvent) => void): void {
    this.watchers.push(watcher);
  }

  /** Events of `subject` with an id greater than `afterId`, oldest first. */
  after(subject: string, afterId: number): StoredEvent[] {
    return this.bySubject.get(subject)?.filter((e) => e.id > afterId) ?? [];
  }

  private listOf(subject: string): BoundedList<StoredEvent> {
    let list = this.bySubject.get(subject);
    if (!list) this.bySubject.set(subject, (list = new BoundedList(this.limit)));
    return list;
  }

  clear(): void {
    this.bySubject.clear();
  }

  snapshot(): { seq: number; events: StoredEvent[] } {
    return { seq: this.seq, events: [...this.bySubject.values()].flatMap((list) => list.toArray()).sort((a, b) => a.id - b.id) };
  }
  restore(snapshot: { seq: number; events: StoredEvent[] }): void {
    this.clear();
    this.seq = snapshot.seq;
    for (const e of snapshot.events) this.listOf(e.subject).push(e);
  }
}
