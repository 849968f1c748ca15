/**
 * One event stream's writes, coalesced. Each `write` used to be a chunk of its own on the socket: a
 * `writev` and a loopback delivery per event. Frames written during one turn of the event loop (a
 * busy server answers several requests per turn, each echoing an event to the same stream) are now
 * joined, in the order written, and handed to `sink` once, when the turn's I/O is done
 * (`setImmediate`): at most one turn later than before, never later. `flush` hands over what waits
 * at once; a stream calls it before it ends, so nothing written is lost on close, revocation or
 * expiry. What waits is at most one turn's frames: it is emptied every turn.
 */
export class FrameBatch {
  private pending = '';
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly sink: (chunk: string) => void) {}

  /** Queue one complete frame; it leaves with the others of this turn. */
  readonly write = (frame: string): void => {
    this.pending += frame;
    this.scheduled ??= setImmediate(this.flush);
  };

  /** Hand over what waits now (nothing when nothing waits). */
  readonly flush = (): void => {
    if (this.scheduled !== undefined) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    this.sink(chunk);
  };
}
