/**
 * The simulator's time. Everything time-dependent (token expiry, scripted reps' waits, office
 * hours, inactivity) reads `now()` and waits with `schedule()`, so the control API can move
 * simulated time forward (`advance`) and tests need not wait.
 */
export interface Clock {
  /** Epoch milliseconds, simulated. */
  now(): number;
  /** Run `fn` once `ms` of simulated time has passed (on real time, or sooner via `advance`). Returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
  /** Move simulated time forward, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Simulated time minus real time, in ms (0 = real time). */
  readonly offsetMs: number;
}

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  real?: NodeJS.Timeout;
}

/** Timers kept in simulated time, shared by both clocks. */
abstract class TimerClock implements Clock {
  private timers = new Set<Timer>();
  private seq = 0;
  abstract now(): number;
  abstract get offsetMs(): number;
  protected abstract move(ms: number): void;
  /** Whether timers also fire on real time passing. */
  protected abstract readonly ticksOnItsOwn: boolean;

  schedule(ms: number, fn: () => void): () => void {
    const timer: Timer = { due: this.now() + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.real);
      this.timers.delete(timer);
    };
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('[miaw-sim] Time only moves forward: advance by a positive number of ms.');
    // Step through the timers falling due, each at its own time, so a timer that schedules another
    // (a scripted rep's next wait) also fires when that one falls inside the advanced span.
    let remaining = ms;
    for (let next = this.nextDue(this.now() + remaining); next; next = this.nextDue(this.now() + remaining)) {
      const step = Math.min(remaining, Math.max(0, next.due - this.now()));
      this.move(step);
      remaining -= step;
      this.fire(next);
    }
    this.move(remaining);
    for (const t of this.timers) this.arm(t);
  }

  private nextDue(target: number): Timer | undefined {
    let first: Timer | undefined;
    for (const t of this.timers) if (t.due <= target && (!first || t.due < first.due || (t.due === first.due && t.seq < first.seq))) first = t;
    return first;
  }

  private fire(timer: Timer): void {
    if (!this.timers.delete(timer)) return;
    clearTimeout(timer.real);
    timer.fn();
  }

  private arm(timer: Timer): void {
    clearTimeout(timer.real);
    if (!this.ticksOnItsOwn) return;
    timer.real = setTimeout(() => this.fire(timer), Math.min(Math.max(0, timer.due - this.now()), 2 ** 31 - 1));
    timer.real.unref();
  }
}

/** Real time plus whatever the control API added: the default. */
export class SimClock extends TimerClock {
  private offset = 0;
  protected readonly ticksOnItsOwn = true;
  now(): number {
    return Date.now() + this.offset;
  }
  get offsetMs(): number {
    return this.offset;
  }
  protected move(ms: number): void {
    this.offset += ms;
  }
}

/** Time that only moves when told to: for tests of expiry, waits and office hours. */
export class ManualClock extends TimerClock {
  protected readonly ticksOnItsOwn = false;
  constructor(private current = Date.now()) {
    super();
  }
  now(): number {
    return this.current;
  }
  get offsetMs(): number {
    return this.current - Date.now();
  }
  protected move(ms: number): void {
    this.current += ms;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
