import { badRequest, notFound } from '../../shared/errors.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { ConversationChange, ConversationDeps } from '../conversations/changes.ts';
import { DEFAULT_REP, type RepIdentity } from '../conversations/participants.ts';
import { routedAttributes } from '../conversations/routingAttributes.ts';
import { activeSession, draftOf, recordRouting, removeAgents, transferSession, type RoutingDecision } from '../conversations/sessions.ts';
import type { Conversation, MessagingSession } from '../../store/types.ts';
import type { RepCheck } from './checkRep.ts';
import { chooseQueue } from './chooseQueue.ts';
import { isWithinOfficeHours, officeHoursOf, openIntervals } from './officeHours.ts';
import { repIdPrefix, type Presence, type RoutedRep } from './routedRep.ts';
import { DEFAULT_ROUTING, type RoutingConfig } from './routingSchema.ts';
import { RoutingState, type RepState } from './routingState.ts';

/** The routing and reps a simulator starts with (and `POST /__sim/v1/reset` returns to). */
export interface RoutingSeed<R extends RoutedRep = RoutedRep> {
  routing?: RoutingConfig;
  reps?: R[];
}

/** Queues, reps and who holds what, as a state export keeps them. */
export interface RoutingSnapshotOf<R extends RoutedRep> {
  config: RoutingConfig;
  reps: R[];
  held: Array<{ conversationId: string; rep: string }>;
  /** Reps who transferred a conversation away, not offered it again in that session (absent when none, and in exports written before it was kept). */
  declined?: Array<{ conversationId: string; rep: string }>;
}

export interface RoutingDeps<R extends RoutedRep> {
  conversations: ConversationDeps;
  /** Checks a rep against a routing (the reps layer adds what it knows of scripts). */
  checkRep?: RepCheck<R>;
  /** Told whenever queues, reps, presence or who holds what may have changed (the live feed). */
  changed?: () => void;
}

type Listener<T> = (value: T) => void;

/** Who a rep is in a conversation (a bot takes part as a Chatbot). */
export const repIdentity = (rep: RepState<RoutedRep>): RepIdentity => ({ userId: rep.userId, displayName: rep.config.name, ...(rep.config.bot ? { bot: true } : {}) });

/**
 * A small Omni-Channel: chooses a queue for each new session, offers queued work to Online reps of
 * the queue with free capacity (fewest active first), and takes the work back when a session ends
 * or is transferred. It hears of sessions through `handle(change)`, and tells whoever listens when
 * work is offered to a rep or leaves them (`onOffered`, `onReleased`): scripted reps follow those.
 */
export class Omni<R extends RoutedRep = RoutedRep> {
  readonly state: RoutingState<R>;
  private readonly offeredListeners = new Set<Listener<{ conversation: Conversation; rep: RepState<R> }>>();
  private readonly releasedListeners = new Set<Listener<string>>();
  private readonly changed: () => void;

  constructor(
    private readonly deps: RoutingDeps<R>,
    seed: RoutingSeed<R> = {},
  ) {
    this.state = new RoutingState<R>(deps.checkRep);
    this.changed = deps.changed ?? (() => undefined);
    this.restore(seed);
  }

  /** Work was offered to a rep (a scripted rep starts its script). */
  onOffered(listener: Listener<{ conversation: Conversation; rep: RepState<R> }>): void {
    this.offeredListeners.add(listener);
  }

  /** Work left whoever held it (taken by another rep, transferred, ended, the rep removed, reset). */
  onReleased(listener: Listener<string>): void {
    this.releasedListeners.add(listener);
  }

  /** What routing does when a conversation changes: route a new (or reactivated) session, let go of an ended (or Inactive) one. */
  handle(change: ConversationChange): void {
    if (change.type === 'session-started' || change.type === 'session-reactivated') this.route(change.conversation, change.session, 'Initial');
    else if (change.type === 'session-ended' || change.type === 'session-inactive') this.sessionEnded(change.conversation);
  }

  /** Back to the seed's routing and reps (nothing is held or waits). */
  restore(seed: RoutingSeed<R>): void {
    for (const rep of this.state.reps.values()) for (const id of rep.work) this.released(id);
    this.state.clear();
    this.configure(seed.routing);
    for (const rep of seed.reps ?? []) this.addRep(rep);
  }

  configure(routing: RoutingConfig | undefined): void {
    this.state.setRouting(routing ?? DEFAULT_ROUTING);
    this.dispatch();
  }

  addRep(config: R): RepState<R> {
    const userId = config.userId ?? newRecordId(repIdPrefix(config));
    if ([...this.state.reps.values()].some((r) => r.userId === userId)) throw badRequest('INVALID_REQUEST', `Invalid request body: userId: ${userId} is another rep's userId.`);
    const rep = this.state.addRep(config, userId);
    this.dispatch();
    return rep;
  }

  /** Remove a rep: they leave their conversations, and that work waits again (first in line). */
  removeRep(name: string): void {
    const rep = this.state.removeRep(name);
    for (const id of [...rep.work].reverse()) {
      this.released(id);
      const conversation = this.deps.conversations.store.conversations.get(id);
      const session = conversation && activeSession(conversation);
      if (!conversation || !session) continue;
      removeAgents(this.deps.conversations, conversation, rep.userId);
      if (!conversation.agents.length) this.deps.conversations.store.conversations.update(conversation, (c) => (draftOf(c, session).status = 'Waiting'));
      this.state.enqueue({ conversationId: id, queue: session.queue ?? this.state.routing.defaultQueue, since: session.startedAt }, true);
    }
    this.dispatch();
  }

  setPresence(name: string, presence: Presence): RepState<R> {
    const rep = this.state.rep(name);
    rep.presence = presence;
    this.dispatch();
    return rep;
  }

  /** The rep a control-API action is done as: the named rep, else the one holding the work, else (no reps configured) "Sim Rep". */
  identify(conversation: Conversation, repName: string | undefined): RepIdentity {
    if (!this.state.reps.size) return repName ? { ...DEFAULT_REP, displayName: repName } : DEFAULT_REP;
    if (repName !== undefined) return repIdentity(this.state.rep(repName));
    const holder = this.state.holderOf(conversation.id);
    if (holder) return repIdentity(holder);
    throw badRequest('REP_NAME_REQUIRED', `Conversation ${conversation.id} is not assigned to a rep; say which rep acts with "repName" (reps: ${[...this.state.reps.keys()].join(', ')}).`);
  }

  /** Whether a queue is open now (no office hours, or within them). */
  isOpen(queue: string): boolean {
    const hours = officeHoursOf(this.state.routing, queue);
    return !hours || isWithinOfficeHours(hours, this.deps.conversations.clock.now());
  }

  /** The office hours new sessions meet (the default queue's, else the routing's): their open intervals for the coming week, and whether it is open now. */
  businessHours(): { name: string; isActive: boolean; intervals: Array<{ startTime: number; endTime: number }>; isOpen: boolean } {
    const queue = this.state.routing.defaultQueue;
    const hours = officeHoursOf(this.state.routing, queue);
    const now = this.deps.conversations.clock.now();
    if (!hours) return { name: '', isActive: false, intervals: [], isOpen: true };
    return { name: `${queue} (${hours.timeZone})`, isActive: true, intervals: openIntervals(hours, now), isOpen: isWithinOfficeHours(hours, now) };
  }

  /** Where a session goes: by the rules (or the given queue), failing when the queue is outside its office hours. */
  decide(conversationId: string, session: MessagingSession, queue?: string): RoutingDecision {
    const config = this.state.routing;
    const name = queue ?? chooseQueue(config, routedAttributes(session));
    const queueId = this.state.queueId(name);
    if (!queueId) throw notFound('QUEUE_NOT_FOUND', `No queue "${name}" (queues: ${config.queues.map((q) => q.name).join(', ')}). See GET /__sim/v1/routing.`);
    if (!this.isOpen(name)) {
      const hours = officeHoursOf(config, name);
      return { queue: name, queueId, failureReason: `[miaw-sim] Queue "${name}" is outside its office hours (${hours?.timeZone}); nobody can take the conversation now.` };
    }
    const handleSeconds = config.queues.find((q) => q.name === name)?.averageHandleSeconds;
    const decision: RoutingDecision = { queue: name, queueId };
    if (handleSeconds) decision.estimatedWaitSeconds = this.estimateWait(name, handleSeconds, conversationId);
    return decision;
  }

  /**
   * The wait a session about to join `queue` can expect: nothing when an Online rep of the queue has
   * room for it and everyone ahead; else one average handle time for each round of the queue's
   * Online capacity it has to wait (with nobody Online, as if one rep were).
   */
  private estimateWait(queue: string, handleSeconds: number, conversationId: string): number {
    const ahead = this.state.waitingCount(queue, conversationId);
    const serving = [...this.state.reps.values()].filter((rep) => rep.presence === 'Online' && rep.config.queues.includes(queue));
    const capacity = serving.reduce((sum, rep) => sum + rep.capacity, 0);
    const free = serving.reduce((sum, rep) => sum + Math.max(0, rep.capacity - rep.work.length), 0);
    const position = ahead + 1;
    return position <= free ? 0 : Math.ceil((position - free) / Math.max(1, capacity)) * handleSeconds;
  }

  /** Queues, reps and who holds what, for the state export. */
  snapshot(): RoutingSnapshotOf<R> {
    const reps = [...this.state.reps.values()];
    const declined = this.state.declines();
    return {
      config: structuredClone(this.state.routing),
      reps: reps.map((rep) => ({ ...structuredClone(rep.config), userId: rep.userId, presence: rep.presence, capacity: rep.capacity })),
      held: reps.flatMap((rep) => rep.work.map((conversationId) => ({ conversationId, rep: rep.config.name }))),
      ...(declined.length ? { declined } : {}),
    };
  }

  /**
   * After an import: the exported queues and reps replace the seed's, and each rep holds again what
   * it held (counting against its capacity) while that session is still going. A scripted rep does
   * not resume a script part-way through; it runs its script for the work it is offered from then on.
   */
  restoreSnapshot(snapshot: RoutingSnapshotOf<R>): void {
    this.restore({ routing: snapshot.config, reps: snapshot.reps });
    for (const { conversationId, rep: name } of snapshot.held) {
      const rep = this.state.reps.get(name);
      const conversation = this.deps.conversations.store.conversations.get(conversationId);
      if (rep && conversation && activeSession(conversation)) this.state.assign(rep, conversationId);
    }
    for (const { conversationId, rep } of snapshot.declined ?? []) if (this.deps.conversations.store.conversations.get(conversationId)) this.state.decline(conversationId, rep);
    this.changed();
  }

  /**
   * After an import (`--import`, a restart): sessions that were waiting for a rep (and are not offered
   * to one) wait in their queue again (the default queue when theirs is gone), oldest first.
   */
  requeueWaiting(): void {
    const waiting = this.deps.conversations.store.conversations
      .list()
      .flatMap((conversation) => {
        const session = activeSession(conversation);
        return session?.status === 'Waiting' && !this.state.holderOf(conversation.id) ? [{ conversation, session }] : [];
      })
      .sort((a, b) => a.session.startedAt - b.session.startedAt);
    for (const { conversation, session } of waiting) {
      const queue = session.queue && this.state.hasQueue(session.queue) ? session.queue : this.state.routing.defaultQueue;
      this.state.enqueue({ conversationId: conversation.id, queue, since: session.startedAt });
    }
    this.dispatch();
  }

  /** A rep accepts (or speaks first): the work is theirs, wherever it was waiting or offered. */
  claim(conversation: Conversation, rep: RepIdentity): void {
    const known = [...this.state.reps.values()].find((r) => r.userId === rep.userId);
    const holder = this.state.holderOf(conversation.id);
    if (known && holder !== known) {
      this.released(conversation.id);
      this.state.assign(known, conversation.id);
    } else if (!known) {
      this.state.dequeue(conversation.id);
    }
    if (conversation.routingStatus === 'TRANSFER') this.deps.conversations.store.conversations.update(conversation, (c) => (c.routingStatus = 'ROUTED'));
    this.changed();
  }

  /**
   * Transfer the active session to `queue`: the holder lets go (and is not offered it again), the
   * reps leave, and the work is routed to the queue (`RoutingResult` Transfer) to wait there.
   */
  transfer(conversation: Conversation, queue: string): void {
    if (!this.state.hasQueue(queue)) throw notFound('QUEUE_NOT_FOUND', `No queue "${queue}" (queues: ${this.state.routing.queues.map((q) => q.name).join(', ')}). See GET /__sim/v1/routing.`);
    this.released(conversation.id);
    const holder = this.state.release(conversation.id);
    if (holder) this.state.decline(conversation.id, holder.config.name);
    this.changed();
    const session = transferSession(this.deps.conversations, conversation);
    if (session) this.route(conversation, session, 'Transfer', queue);
  }

  /** Decide, record the RoutingResult, and (unless routing failed) wait in the queue for a rep. */
  private route(conversation: Conversation, session: MessagingSession, routingType: 'Initial' | 'Transfer', queue?: string): void {
    const decision = this.decide(conversation.id, session, queue);
    recordRouting(this.deps.conversations, conversation, session, routingType, decision);
    if (decision.failureReason) return;
    this.state.enqueue({ conversationId: conversation.id, queue: session.queue ?? this.state.routing.defaultQueue, since: this.deps.conversations.clock.now() });
    this.dispatch();
  }

  private sessionEnded(conversation: Conversation): void {
    this.released(conversation.id);
    this.state.forget(conversation.id);
    this.dispatch();
  }

  /** Offer waiting work to reps who can take it, until none can. */
  private dispatch(): void {
    for (let next = this.state.nextAssignment(); next; next = this.state.nextAssignment()) {
      const { work, rep } = next;
      const conversation = this.deps.conversations.store.conversations.get(work.conversationId);
      if (!conversation) {
        this.state.forget(work.conversationId);
        continue;
      }
      this.state.assign(rep, work.conversationId);
      for (const listener of this.offeredListeners) listener({ conversation, rep });
    }
    this.changed();
  }

  private released(conversationId: string): void {
    for (const listener of this.releasedListeners) listener(conversationId);
  }
}
