import { describe, expect, it } from 'vitest';
import { BoundedList } from '../../simulator/store/boundedList.ts';

describe('BoundedList', () => {
  it('keeps the newest items, oldest first, however many were added', () => {
    const list = new BoundedList<number>(10);
    for (let i = 1; i <= 1_000; i++) {
      list.push(i);
      expect(list.length).toBe(Math.min(i, 10));
    }
    expect(list.toArray()).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
    expect(list.filter((n) => n % 2 === 0)).toEqual([992, 994, 996, 998, 1000]);
  });

  it('never shows an item that fell out, even before the batch trim', () => {
    const list = new BoundedList<number>(100);
    for (let i = 1; i <= 110; i++) list.push(i);
    expect(list.toArray()[0]).toBe(11);
    expect(list.filter(() => true)).toHaveLength(100);
  });

  it('keeps nothing with a limit of 0, and clear() empties it', () => {
    const off = new BoundedList<number>(0);
    off.push(1);
    expect(off.toArray()).toEqual([]);
    const list = new BoundedList<number>(3);
    list.push(1);
    list.clear();
    expect(list.toArray()).toEqual([]);
  });
});
