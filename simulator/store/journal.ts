import { BoundedList } from './boundedList.ts';
import type { JournalRecord } from './types.ts';

/** A bounded record of the requests the simulator served (secrets already redacted by the caller). */
export class Journal {
  private seq = 0;
  private records: BoundedList<JournalRecord>;

  constructor(limit: number) {
    this.records = new BoundedList(limit);
  }

  /** Keeps `record` itself (a fresh object the caller hands over), numbered: one record a request, no copy. */
  add(record: Omit<JournalRecord, 'seq'>): JournalRecord {
    const stored = record as JournalRecord;
    stored.seq = ++this.seq;
    this.records.push(stored);
    return stored;
  }

  list(filter: { conversationId?: string; limit?: number } = {}): JournalRecord[] {
    const matching = filter.conversationId ? this.records.filter((r) => r.conversationId === filter.conversationId) : this.records.toArray();
    return filter.limit ? matching.slice(-filter.limit) : matching;
  }

  clear(): void {
    this.records.clear();
  }
}
