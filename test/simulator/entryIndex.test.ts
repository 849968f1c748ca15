import { describe, expect, it } from 'vitest';
import { ConversationStore, INDEXED_FROM } from '../../simulator/store/conversations.ts';
import type { ConversationDraft, Entry } from '../../simulator/store/types.ts';

/**
 * `findEntry` scans a short conversation and looks a long one up in a Map built once it passes
 * `INDEXED_FROM` entries: both sides must find the same entries (the last one of a repeated
 * identifier, as the Map keeps it), after appends, a restore and a clear.
 */
const entry = (identifier: string, n: number) => ({ identifier, entryType: 'TypingStartedIndicator', transcriptedTimestamp: n }) as unknown as Entry;

function conversation(id: string, entries: Entry[] = []): ConversationDraft {
  return { id, orgId: 'o', deployment: 'd', subject: 's', endUserDisplayName: 'u', status: 'OPEN', routingStatus: 'ROUTED', startTimestamp: 0, endTimestamp: 0, sessions: [], agents: [], entries };
}
const indexed = (store: ConversationStore, id: string) => (store as unknown as { entryIndex: Map<string, unknown> }).entryIndex.has(id);

describe('entry lookup on both sides of the index threshold', () => {
  it('finds every entry and misses unknown ones as the conversation grows past the threshold', () => {
    const store = new ConversationStore();
    const c = conversation('c1');
    store.add(c);
    for (let n = 1; n <= INDEXED_FROM + 8; n++) {
      store.appendEntry(c, entry(`e${n}`, n));
      expect(indexed(store, 'c1')).toBe(n > INDEXED_FROM);
      for (let k = 1; k <= n; k++) expect(store.findEntry(c, `e${k}`)?.transcriptedTimestamp).toBe(k);
      expect(store.findEntry(c, `e${n + 1}`)).toBeUndefined();
    }
  });

  it('answers the last entry of a repeated identifier, scanned or indexed', () => {
    const store = new ConversationStore();
    const c = conversation('c2');
    store.add(c);
    store.appendEntry(c, entry('dup', 1));
    store.appendEntry(c, entry('dup', 2));
    expect(store.findEntry(c, 'dup')?.transcriptedTimestamp).toBe(2);
    for (let n = 3; n <= INDEXED_FROM + 1; n++) store.appendEntry(c, entry(`x${n}`, n));
    expect(indexed(store, 'c2')).toBe(true);
    expect(store.findEntry(c, 'dup')?.transcriptedTimestamp).toBe(2);
  });

  it('indexes a restored conversation only when it is long, and forgets indexes on clear', () => {
    const store = new ConversationStore();
    const long = conversation('long', Array.from({ length: INDEXED_FROM + 1 }, (_, i) => entry(`l${i}`, i)));
    const short = conversation('short', Array.from({ length: INDEXED_FROM }, (_, i) => entry(`s${i}`, i)));
    store.restore([long, short]);
    expect([indexed(store, 'long'), indexed(store, 'short')]).toEqual([true, false]);
    expect(store.findEntry(long, `l${INDEXED_FROM}`)?.transcriptedTimestamp).toBe(INDEXED_FROM);
    expect(store.findEntry(short, 's0')?.transcriptedTimestamp).toBe(0);
    expect(store.findEntry(short, 'l0')).toBeUndefined();
    store.clear();
    expect(indexed(store, 'long')).toBe(false);
  });
});
