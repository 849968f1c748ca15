import type { SimContext } from '../../server/context.ts';
import { badRequest, notFound } from '../../shared/errors.ts';
import { newRecordId } from '../../shared/ids.ts';
import { DEFAULT_REP, type RepIdentity } from '../conversations/participants.ts';
import type { RoutingDecision } from '../conversations/routingResult.ts';
import { activeSession, removeAgents } from '../conversations/sessions.ts';
import type { Presence, RepConfig } from '../reps/repSchema.ts';
import { fakerPending } from '../reps/placeholders.ts';
import { ScriptRun } from '../reps/scriptRun.ts';
import { scriptTexts } from '../reps/scriptSchema.ts';
import type { Conversation, MessagingSession } from '../../store/types.ts';
import { chooseQueue } from './chooseQueue.ts';
import { isWithinOfficeHours } from './officeHours.ts';
import { DEFAULT_ROUTING, type RoutingConfig } from './routingSchema.ts';
import type { RoutingSnapshot } from './routingSnapshot.ts';
import { RoutingState, type RepState } from './routingState.ts';

/** The routing and reps a simulator starts with (and `POST /__sim/v1/reset` returns to). */
export interface RoutingSeed {
  routing?: RoutingConfig;
  reps?: RepConfig[];
}

const identity = (rep: RepState): RepIdentity => ({ userId: rep.userId, displayName: rep.config.name });

/**
 * A small Omni-Channel: chooses a queue for each new session, offers queued work to Online reps of
 * the queue with free capacity (fewest active first), runs scripted reps' scripts, and takes the
 * work back when a session ends or is transferred. Messaging calls it at those moments.
 */
export class Omni {
  readonly state = new RoutingState();
  private runs = new Map<string, ScriptRun>();

  constructor(
    private readonly ctx: () => SimContext,
    seed: RoutingSeed = {},
    /** Told whenever queues, reps, presence or who holds what may have changed (the live feed). */
    private readonly changed: () => void = () => undefined,
  ) {
    this.restore(seed);
  }

  /** Back to the seed's routing and reps (scripts stop, nothing waits). */
  restore(seed: RoutingSeed): void {
    for (const run of this.runs.values()) run.stop();
    this.runs.clear();
    this.state.clear();
    this.configure(seed.routing);
    for (const rep of seed.reps ?? []) this.addRep(rep);
  }

  configure(routing: RoutingConfig | undefined): void {
    this.state.setRouting(routing ?? DEFAULT_ROUTING);
    this.dispatch();
  }

  addRep(config: RepConfig): RepState {
    const userId = config.userId ?? newRecordId('005');
    if ([...this.state.reps.values()].some((r) => r.userId === userId)) throw badRequest('INVALID_REQUEST', `Invalid request body: userId: ${userId} is another rep's userId.`);
    const rep = this.state.addRep(config, userId);
    for (const text of scriptTexts(config.script ?? [])) fakerPending(text)?.catch(() => undefined); // a failure shows when the step runs
    this.dispatch();
    return rep;
  }

  /** Remove a rep: their scripts stop, they leave their conversations, and that work waits again (first in line). */
  removeRep(name: string): void {
    const rep = this.state.removeRep(name);
    for (const id of [...rep.work].reverse()) {
      this.stopRun(id);
      const conversation = this.ctx().store.conversations.get(id);
      const session = conversation && activeSession(conversation);
      if (!conversation || !session) continue;
      removeAgents(this.ctx(), conversation, rep.userId);
      if (!conversation.agents.length) session.status = 'Waiting';
      this.state.enqueue({ conversationId: id, queue: session.queue ?? this.state.routing.defaultQueue, since: session.startedAt }, true);
    }
    this.dispatch();
  }

  setPresence(name: string, presence: Presence): RepState {
    const rep = this.state.rep(name);
    rep.presence = presence;
    this.dispatch();
    return rep;
  }

  /** The rep a control-API action is done as: the named rep, else the one holding the work, else (no reps configured) "Sim Rep". */
  identify(conversation: Conversation, repName: string | undefined): RepIdentity {
    if (!this.state.reps.size) return repName ? { ...DEFAULT_REP, displayName: repName } : DEFAULT_REP;
    if (repName !== undefined) return identity(this.state.rep(repName));
    const holder = this.state.holderOf(conversation.id);
    if (holder) return identity(holder);
    throw badRequest('REP_NAME_REQUIRED', `Conversation ${conversation.id} is not assigned to a rep; say which rep acts with "repName" (reps: ${[...this.state.reps.keys()].join(', ')}).`);
  }

  /** Where a session goes: by the rules (or the given queue), failing when the queue is outside its office hours. */
  decide(session: MessagingSession, queue?: string): RoutingDecision {
    const config = this.state.routing;
    const name = queue ?? chooseQueue(config, session.routingAttributes);
    const queueId = this.state.queueId(name);
    if (!queueId) throw notFound('QUEUE_NOT_FOUND', `No queue "${name}" (queues: ${config.queues.map((q) => q.name).join(', ')}). See GET /__sim/v1/routing.`);
    const hours = config.queues.find((q) => q.name === name)?.officeHours ?? config.officeHours;
    if (hours && !isWithinOfficeHours(hours, this.ctx().clock.now())) {
      return { queue: name, queueId, failureReason: `[miaw-sim] Queue "${name}" is outside its office hours (${hours.timeZone}); nobody can take the conversation now.` };
    }
    return { queue: name, queueId };
  }

  /** Queues, reps and who holds what, for the state export. */
  snapshot(): RoutingSnapshot {
    const reps = [...this.state.reps.values()];
    return {
      config: structuredClone(this.state.routing),
      reps: reps.map((rep) => ({ ...structuredClone(rep.config), userId: rep.userId, presence: rep.presence, capacity: rep.capacity })),
      held: reps.flatMap((rep) => rep.work.map((conversationId) => ({ conversationId, rep: rep.config.name }))),
    };
  }

  /**
   * After an import: the exported queues and reps replace the seed's, and each rep holds again what
   * it held (counting against its capacity) while that session is still going. A scripted rep does
   * not resume a script part-way through; it runs its script for the work it is offered from then on.
   */
  restoreSnapshot(snapshot: RoutingSnapshot): void {
    this.restore({ routing: snapshot.config, reps: snapshot.reps });
    for (const { conversationId, rep: name } of snapshot.held) {
      const rep = this.state.reps.get(name);
      const conversation = this.ctx().store.conversations.get(conversationId);
      if (rep && conversation && activeSession(conversation)) this.state.assign(rep, conversationId);
    }
    this.changed();
  }

  /**
   * After an import (`--import`, a restart): sessions that were waiting for a rep (and are not offered
   * to one) wait in their queue again (the default queue when theirs is gone), oldest first.
   */
  requeueWaiting(): void {
    const waiting = this.ctx()
      .store.conversations.list()
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

  /** A routed session waits in its queue until a rep can take it. */
  enqueue(conversation: Conversation, session: MessagingSession): void {
    this.state.enqueue({ conversationId: conversation.id, queue: session.queue ?? this.state.routing.defaultQueue, since: this.ctx().clock.now() });
    this.dispatch();
  }

  /** A rep accepts (or speaks first): the work is theirs, wherever it was waiting or offered. */
  claim(conversation: Conversation, rep: RepIdentity): void {
    const known = [...this.state.reps.values()].find((r) => r.userId === rep.userId);
    const holder = this.state.holderOf(conversation.id);
    if (known && holder !== known) {
      this.stopRun(conversation.id);
      this.state.assign(known, conversation.id);
    } else if (!known) {
      this.state.dequeue(conversation.id);
    }
    if (conversation.routingStatus === 'TRANSFER') conversation.routingStatus = 'ROUTED';
    this.changed();
  }

  /** Before a transfer: check the queue, and the holder lets go (and is not offered it again). */
  releaseForTransfer(conversation: Conversation, queue: string): void {
    if (!this.state.hasQueue(queue)) throw notFound('QUEUE_NOT_FOUND', `No queue "${queue}" (queues: ${this.state.routing.queues.map((q) => q.name).join(', ')}). See GET /__sim/v1/routing.`);
    this.stopRun(conversation.id);
    const holder = this.state.release(conversation.id);
    if (holder) this.state.decline(conversation.id, holder.config.name);
    this.changed();
  }

  sessionEnded(conversation: Conversation): void {
    this.stopRun(conversation.id);
    this.state.forget(conversation.id);
    this.dispatch();
  }

  endUserMessage(conversation: Conversation, entry: { payload: Record<string, unknown> }): void {
    const message = entry.payload.abstractMessage as { staticContent?: { text?: unknown } } | undefined;
    const text = message?.staticContent?.text;
    this.runs.get(conversation.id)?.endUserSaid(typeof text === 'string' ? text : '');
  }

  /** Offer waiting work to reps who can take it, until none can. */
  private dispatch(): void {
    for (let next = this.state.nextAssignment(); next; next = this.state.nextAssignment()) {
      const { work, rep } = next;
      const conversation = this.ctx().store.conversations.get(work.conversationId);
      if (!conversation) {
        this.state.forget(work.conversationId);
        continue;
      }
      this.state.assign(rep, work.conversationId);
      if (!rep.config.script) continue;
      const run = new ScriptRun(this.ctx(), conversation, identity(rep), rep.config.script);
      this.runs.set(conversation.id, run);
      run.start();
    }
    this.changed();
  }

  private stopRun(conversationId: string): void {
    this.runs.get(conversationId)?.stop();
    this.runs.delete(conversationId);
  }
}
