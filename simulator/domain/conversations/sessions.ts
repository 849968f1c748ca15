import { newRecordId } from '../../shared/ids.ts';
import type { Conversation, ConversationDraft, Deployment, MessagingSession, MessagingSessionDraft, RoutingOutcome } from '../../store/types.ts';
import type { ConversationDeps } from './changes.ts';
import { ROUTER, SYSTEM, asSender, repParticipant, type RepIdentity } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { unmappedAttributes } from './routingAttributes.ts';

/** Where routing put a session, or why it could not. */
export interface RoutingDecision {
  queue: string;
  queueId: string;
  /** Set when routing failed (e.g. after hours): the RoutingResult reports a RoutingError. */
  failureReason?: string;
  /** How long the session should wait for a rep, in seconds (absent = no estimate). */
  estimatedWaitSeconds?: number;
}

export const activeSession = (c: Conversation): MessagingSession | undefined => {
  const last = c.sessions.at(-1);
  return last && last.status !== 'Ended' ? last : undefined;
};

/**
 * Start a messaging session; attributes the deployment's parameter mapping leaves out are kept but
 * marked unmapped (routing does not see them). It waits to be routed: routing hears `session-started` and records
 * the RoutingResult (`recordRouting`) before this returns.
 */
export function startSession(deps: ConversationDeps, conversation: Conversation, deployment: Deployment | undefined, routingAttributes: Record<string, string>): MessagingSession {
  const session: MessagingSession = {
    id: newRecordId('0Mw'),
    status: 'Waiting',
    startedAt: deps.clock.now(),
    routingAttributes,
    unmappedAttributes: deployment ? unmappedAttributes(deployment, routingAttributes) : [],
  };
  deps.store.conversations.update(conversation, (c) => {
    c.sessions.push(session);
    c.routingStatus = 'NEEDS_ROUTING';
  });
  deps.publish({ type: 'session-started', conversation, session });
  return session;
}

/**
 * Record where routing put the session (`RoutingResult`). A failed routing (after hours) ends the
 * session at once; an initial routing that succeeded marks the conversation ROUTED.
 */
export function recordRouting(deps: ConversationDeps, conversation: Conversation, session: MessagingSession, routingType: 'Initial' | 'Transfer', decision: RoutingDecision): void {
  deps.store.conversations.update(conversation, (c) => (draftOf(c, session).queue = decision.queue));
  // Assigned, not spread in: one hidden class for every routing recorded (docs/performance.md, "Tails").
  const routing: RoutingOutcome = { sessionId: session.id, routingType, queueId: decision.queueId, pendingServiceRoutingId: newRecordId('0JR') };
  if (decision.failureReason) routing.failureReason = decision.failureReason;
  if (decision.estimatedWaitSeconds !== undefined) routing.estimatedWaitSeconds = decision.estimatedWaitSeconds;
  recordEntry(deps, conversation, { entryType: 'RoutingResult', sender: ROUTER, senderDisplayName: ROUTER.displayName, routing });
  if (decision.failureReason) endSession(deps, conversation);
  else if (routingType === 'Initial') deps.store.conversations.update(conversation, (c) => (c.routingStatus = 'ROUTED'));
}

/**
 * Take the active session back for a transfer: the reps leave (ParticipantChanged remove), routing
 * status TRANSFER, and the session waits again (routing records the Transfer RoutingResult).
 */
export function transferSession(deps: ConversationDeps, conversation: Conversation): MessagingSession | undefined {
  const session = activeSession(conversation);
  if (!session) return undefined;
  removeAgents(deps, conversation);
  deps.store.conversations.update(conversation, (c) => {
    draftOf(c, session).status = 'Waiting';
    c.routingStatus = 'TRANSFER';
  });
  return session;
}

/** A rep accepts the work: joins the conversation (ParticipantChanged add) and the session goes Active. */
export function repJoins(deps: ConversationDeps, conversation: Conversation, rep: RepIdentity): void {
  const session = activeSession(conversation);
  if (!session) return;
  const participant = repParticipant(rep);
  if (conversation.agents.some((a) => a.subject === participant.subject)) return;
  deps.store.conversations.update(conversation, (c) => {
    c.agents.push(participant);
    draftOf(c, session).status = 'Active';
  });
  recordEntry(deps, conversation, {
    entryType: 'ParticipantChanged',
    sender: ROUTER,
    senderDisplayName: ROUTER.displayName,
    changes: [{ operation: 'add', displayName: rep.displayName, participant: asSender(participant) }],
  });
}

/**
 * End the messaging session (the conversation stays open): every rep leaves (ParticipantChanged
 * remove) and `SessionStatusChanged` says Ended. The end user's next message then gets 417.
 */
export function endSession(deps: ConversationDeps, conversation: Conversation): boolean {
  const session = activeSession(conversation);
  if (!session) return false;
  removeAgents(deps, conversation);
  deps.store.conversations.update(conversation, (c) => {
    const draft = draftOf(c, session);
    draft.status = 'Ended';
    draft.endedAt = deps.clock.now();
    delete draft.inactiveAt;
  });
  statusChanged(deps, conversation, session, 'Ended');
  deps.publish({ type: 'session-ended', conversation });
  return true;
}

/**
 * The end user stayed silent past the inactivity end: the session goes Inactive (reps leave, their
 * capacity is freed, `SessionStatusChanged` Inactive), but it is not over: the end user's next message
 * makes it Waiting again (`reactivateSession`), and an Inactive session ends about a day later.
 */
export function inactivateSession(deps: ConversationDeps, conversation: Conversation): boolean {
  const session = activeSession(conversation);
  if (!session || session.status === 'Inactive') return false;
  removeAgents(deps, conversation);
  deps.store.conversations.update(conversation, (c) => {
    const draft = draftOf(c, session);
    draft.status = 'Inactive';
    draft.inactiveAt = deps.clock.now();
  });
  statusChanged(deps, conversation, session, 'Inactive');
  deps.publish({ type: 'session-inactive', conversation, session });
  return true;
}

/** The end user writes to an Inactive session: it switches to Waiting (`SessionStatusChanged` Waiting) and is routed again. */
export function reactivateSession(deps: ConversationDeps, conversation: Conversation, session: MessagingSession): void {
  deps.store.conversations.update(conversation, (c) => {
    const draft = draftOf(c, session);
    draft.status = 'Waiting';
    delete draft.inactiveAt;
    c.routingStatus = 'NEEDS_ROUTING';
  });
  statusChanged(deps, conversation, session, 'Waiting');
  deps.publish({ type: 'session-reactivated', conversation, session });
}

function statusChanged(deps: ConversationDeps, conversation: Conversation, session: MessagingSession, sessionStatus: 'Ended' | 'Inactive' | 'Waiting'): void {
  recordEntry(deps, conversation, { entryType: 'SessionStatusChanged', sender: SYSTEM, senderDisplayName: SYSTEM.displayName, sessionId: session.id, sessionStatus });
}

/** Reps leave the conversation (ParticipantChanged remove): all of them, or only the one with `subject`. */
export function removeAgents(deps: ConversationDeps, conversation: Conversation, subject?: string): void {
  const leaving = conversation.agents.filter((a) => subject === undefined || a.subject === subject);
  for (const agent of leaving) {
    recordEntry(deps, conversation, {
      entryType: 'ParticipantChanged',
      sender: ROUTER,
      senderDisplayName: ROUTER.displayName,
      changes: [{ operation: 'remove', displayName: agent.displayName, participant: asSender(agent) }],
    });
  }
  if (leaving.length) deps.store.conversations.update(conversation, (c) => (c.agents = c.agents.filter((a) => !leaving.includes(a))));
}

/** Close the conversation for good. `byEndUser` adds the CloseConversation event the end user's close produces. */
export function closeConversation(deps: ConversationDeps, conversation: Conversation, byEndUser: boolean): void {
  if (conversation.status === 'CLOSED') return;
  endSession(deps, conversation);
  deps.store.conversations.update(conversation, (c) => {
    c.status = 'CLOSED';
    c.endTimestamp = deps.clock.now();
  });
  deps.publish({ type: 'conversation-closed', conversation });
  if (byEndUser) {
    recordEntry(deps, conversation, { entryType: 'CloseConversation', sender: SYSTEM, senderDisplayName: SYSTEM.displayName });
  }
}

/** `session` writable, as a session of the conversation being changed (a draft exists only inside the store's `update`, which tells persistence). */
export function draftOf(conversation: ConversationDraft, session: MessagingSession): MessagingSessionDraft {
  const draft = conversation.sessions.find((s) => s === session);
  if (!draft) throw new Error(`session ${session.id} is not one of conversation ${conversation.id}'s`);
  return draft;
}
