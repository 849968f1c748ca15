/**
 * The newest `limit` items, oldest first. Old items are dropped in batches (a quarter of the limit
 * at a time), so adding stays cheap however long the list has been full; reads never see more
 * than `limit`. A limit of 0 keeps nothing.
 */
export class BoundedList<T> {
  private items: T[] = [];
  private readonly slack: number;

  constructor(readonly limit: number) {
    this.slack = Math.max(16, Math.floor(limit / 4));
  }

  push(item: T): void {
    if (this.limit <= 0) return;
    this.items.push(item);
    if (this.items.length >= this.limit + this.slack) this.items.splice(0, this.items.length - this.limit);
  }

  /** A copy of the kept items, oldest first. */
  toArray(): T[] {
    return this.items.length > this.limit ? this.items.slice(-this.limit) : [...this.items];
  }

  /** The kept items matching `test`, oldest first. */
  filter(test: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, this.items.length - this.limit); i < this.items.length; i++) if (test(this.items[i]!)) out.push(this.items[i]!);
    return out;
  }

  get length(): number {
    return Math.min(this.items.length, this.limit);
  }

  clear(): void {
    this.items = [];
  }
}
