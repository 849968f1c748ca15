import { badRequest, conflict, notFound } from '../../shared/errors.ts';
import { checkRepQueues, type RepCheck } from './checkRep.ts';
import type { Presence, RoutedRep } from './routedRep.ts';
import { DEFAULT_ROUTING, type RoutingConfig } from './routingSchema.ts';

/** A rep as routing sees it: configuration plus the conversations they hold (offered or accepted). */
export interface RepState<R extends RoutedRep = RoutedRep> {
  config: R;
  userId: string;
  presence: Presence;
  capacity: number;
  /** Conversation ids, oldest first. */
  work: string[];
}

export interface WaitingWork {
  conversationId: string;
  queue: string;
  since: number;
}

/**
 * Queues, reps and who holds what, with no knowledge of conversations' entries or HTTP: the
 * bookkeeping half of routing (`Omni` is the half that acts).
 */
export class RoutingState<R extends RoutedRep = RoutedRep> {
  private config: RoutingConfig = DEFAULT_ROUTING;
  private queueIds = new Map<string, string>();
  readonly reps = new Map<string, RepState<R>>();

  constructor(private readonly checkRep: RepCheck<R> = checkRepQueues) {}
  /** One FIFO for all queues, by conversation id (a Map keeps insertion order). */
  private waiting = new Map<string, WaitingWork>();
  /** How many of `waiting` are in each queue, kept as work comes and goes: an estimated wait reads it per routed session. */
  private waitingPerQueue = new Map<string, number>();
  private holders = new Map<string, string>();
  /** Reps who transferred a conversation away are not offered it again in that session. */
  private declined = new Map<string, Set<string>>();

  get routing(): RoutingConfig {
    return this.config;
  }

  /** Replace the routing; work waiting in a queue that no longer exists moves to the default queue. */
  setRouting(config: RoutingConfig): void {
    for (const rep of this.reps.values()) {
      const problem = this.checkRep(rep.config, config);
      if (problem) throw badRequest('ROUTING_IN_USE', `Invalid request body: queues: rep "${rep.config.name}" needs a queue this routing drops (${problem.path}: ${problem.message}). Keep the queue, or DELETE /__sim/v1/reps/${rep.config.name} first.`);
    }
    const names = config.queues.map((q) => q.name);
    this.config = structuredClone(config);
    this.queueIds = new Map(names.map((name, i) => [name, `00GSIM${String(i + 1).padStart(9, '0')}`]));
    for (const w of this.waiting.values()) {
      if (names.includes(w.queue)) continue;
      this.countWaiting(w.queue, -1);
      w.queue = config.defaultQueue;
      this.countWaiting(w.queue, 1);
    }
  }

  queueId(name: string): string | undefined {
    return this.queueIds.get(name);
  }
  hasQueue(name: string): boolean {
    return this.queueIds.has(name);
  }

  addRep(config: R, userId: string): RepState<R> {
    if (this.reps.has(config.name)) throw conflict('REP_EXISTS', `A rep named "${config.name}" already exists. DELETE /__sim/v1/reps/${config.name} first or choose another name.`);
    const problem = this.checkRep(config, this.config);
    if (problem) throw badRequest('INVALID_REQUEST', `Invalid request body: ${problem.path}: ${problem.message}; declare it with PUT /__sim/v1/routing.`);
    const rep: RepState<R> = { config: structuredClone(config), userId, presence: config.presence ?? 'Online', capacity: config.capacity ?? 1, work: [] };
    this.reps.set(config.name, rep);
    return rep;
  }

  rep(name: string): RepState<R> {
    const found = this.reps.get(name);
    if (!found) throw notFound('REP_NOT_FOUND', `No rep named "${name}" (reps: ${[...this.reps.keys()].join(', ') || 'none'}). Add one with POST /__sim/v1/reps.`);
    return found;
  }

  removeRep(name: string): RepState<R> {
    const rep = this.rep(name);
    this.reps.delete(name);
    for (const id of rep.work) this.holders.delete(id);
    return rep;
  }

  /** Add work at the back of the line (or at the front: transferred work is next). */
  enqueue(work: WaitingWork, atFront = false): void {
    this.dequeue(work.conversationId);
    if (atFront) this.waiting = new Map([[work.conversationId, work], ...this.waiting]);
    else this.waiting.set(work.conversationId, work);
    this.countWaiting(work.queue, 1);
  }
  dequeue(conversationId: string): void {
    const work = this.waiting.get(conversationId);
    if (!work) return;
    this.waiting.delete(conversationId);
    this.countWaiting(work.queue, -1);
  }
  waitingIn(queue?: string): WaitingWork[] {
    return [...this.waiting.values()].filter((w) => !queue || w.queue === queue);
  }
  /** How many wait in `queue` (`waitingIn(queue).length`, without the walk), leaving out `except` if it is one of them. */
  waitingCount(queue: string, except?: string): number {
    const count = this.waitingPerQueue.get(queue) ?? 0;
    return except !== undefined && this.waiting.get(except)?.queue === queue ? count - 1 : count;
  }
  private countWaiting(queue: string, by: number): void {
    const count = (this.waitingPerQueue.get(queue) ?? 0) + by;
    if (count) this.waitingPerQueue.set(queue, count);
    else this.waitingPerQueue.delete(queue);
  }

  /**
   * The first waiting work some Online rep of its queue can take, and the least loaded such rep.
   * Only reps with room are looked at, and nothing is scanned when there are none, so a long line
   * with every rep busy costs nothing per request.
   */
  nextAssignment(): { work: WaitingWork; rep: RepState<R> } | undefined {
    const available = [...this.reps.values()].filter((rep) => rep.presence === 'Online' && rep.work.length < rep.capacity);
    if (available.length === 0) return undefined;
    const servedQueues = new Set(available.flatMap((rep) => rep.config.queues));
    for (const work of this.waiting.values()) {
      if (!servedQueues.has(work.queue)) continue;
      const declined = this.declined.get(work.conversationId);
      let best: RepState<R> | undefined;
      for (const rep of available) {
        if (!rep.config.queues.includes(work.queue) || declined?.has(rep.config.name)) continue;
        if (!best || rep.work.length < best.work.length) best = rep;
      }
      if (best) return { work, rep: best };
    }
    return undefined;
  }

  assign(rep: RepState<R>, conversationId: string): void {
    this.release(conversationId);
    this.dequeue(conversationId);
    rep.work.push(conversationId);
    this.holders.set(conversationId, rep.config.name);
  }
  holderOf(conversationId: string): RepState<R> | undefined {
    const name = this.holders.get(conversationId);
    return name === undefined ? undefined : this.reps.get(name);
  }
  /** The conversation no longer counts against its holder's capacity; returns who held it. */
  release(conversationId: string): RepState<R> | undefined {
    const rep = this.holderOf(conversationId);
    this.holders.delete(conversationId);
    if (rep) rep.work = rep.work.filter((id) => id !== conversationId);
    return rep;
  }

  /** Who transferred what away (not offered it again in that session): what a state export keeps of it. */
  declines(): Array<{ conversationId: string; rep: string }> {
    return [...this.declined].flatMap(([conversationId, reps]) => [...reps].map((rep) => ({ conversationId, rep })));
  }
  decline(conversationId: string, repName: string): void {
    const set = this.declined.get(conversationId) ?? new Set<string>();
    set.add(repName);
    this.declined.set(conversationId, set);
  }
  /** The session is over: no longer waiting, held or declined by anyone. */
  forget(conversationId: string): RepState<R> | undefined {
    this.dequeue(conversationId);
    this.declined.delete(conversationId);
    return this.release(conversationId);
  }

  clear(): void {
    this.reps.clear();
    this.waiting.clear();
    this.waitingPerQueue.clear();
    this.holders.clear();
    this.declined.clear();
    this.config = DEFAULT_ROUTING;
    this.queueIds.clear();
  }
}
