import { describe, expect, it } from 'vitest';
import { firstMatches } from '../../simulator/routes/entries.ts';
import type { Entry } from '../../simulator/store/types.ts';

// List Conversation Entries pages by walking from one end (firstMatches) instead of filtering the
// whole conversation and slicing: the page must be what filter-then-slice gives, for every filter,
// limit and direction, on conversations shorter and longer than a page.

const TYPES = ['Message', 'RoutingResult', 'TypingStartedIndicator', 'ReadAcknowledgement'];

/** A deterministic pseudo-random source (a linear congruential generator), so a failure repeats. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('firstMatches pages entries as filter-then-slice does', () => {
  it('agrees on random conversations, filters, limits and directions', () => {
    const random = seeded(18);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 120);
      const entries = Array.from({ length }, (_, i) => ({ identifier: `e${i}`, entryType: TYPES[Math.floor(random() * TYPES.length)]!, transcriptedTimestamp: Math.floor(random() * 1000) }) as unknown as Entry);
      const type = TYPES[Math.floor(random() * TYPES.length)]!;
      const from = Math.floor(random() * 1000);
      const filters = [() => true, (e: Entry) => e.entryType === type, (e: Entry) => e.transcriptedTimestamp >= from];
      const wanted = filters[round % filters.length]!;
      const limit = 1 + Math.floor(random() * 50);
      const all = entries.filter(wanted);
      expect(firstMatches(entries, wanted, limit, true)).toEqual(all.slice(0, limit));
      expect(firstMatches(entries, wanted, limit, false)).toEqual(all.slice(-limit).reverse());
    }
  });

  it('stops once the page is full: a long conversation is not walked to its other end', () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ identifier: `e${i}`, entryType: 'Message', transcriptedTimestamp: i }) as unknown as Entry);
    let visited = 0;
    const page = firstMatches(entries, () => ++visited > 0, 20, false);
    expect(page.map((e) => e.identifier)).toEqual(Array.from({ length: 20 }, (_, i) => `e${9999 - i}`));
    expect(visited).toBe(20);
  });
});
