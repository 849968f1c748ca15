import type { SimContext } from '../../server/context.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { Conversation, MessagingSession } from '../../store/types.ts';
import { ROUTER, SYSTEM, asSender, repParticipant, type RepIdentity } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { routingResultPayload } from './routingResult.ts';

export const activeSession = (c: Conversation): MessagingSession | undefined => {
  const last = c.sessions.at(-1);
  return last && last.status !== 'Ended' ? last : undefined;
};

/**
 * Start a messaging session and route it (`RoutingResult` Initial): into a queue, where it waits until
 * a rep of the queue accepts, or, when routing fails (after hours), the session ends at once.
 */
export function startSession(ctx: SimContext, conversation: Conversation, routingAttributes: Record<string, string>): MessagingSession {
  const session: MessagingSession = {
    id: newRecordId('0Mw'),
    status: 'Waiting',
    startedAt: ctx.clock.now(),
    routingAttributes,
  };
  conversation.sessions.push(session);
  conversation.routingStatus = 'NEEDS_ROUTING';
  routeSession(ctx, conversation, session, 'Initial');
  return session;
}

/**
 * Transfer the active session to `queue`: the reps leave (ParticipantChanged remove), routing status
 * TRANSFER, a `RoutingResult` Transfer, and the work waits in the new queue (ROUTED again once accepted).
 */
export function transferSession(ctx: SimContext, conversation: Conversation, queue: string): void {
  const session = activeSession(conversation);
  if (!session) return;
  removeAgents(ctx, conversation);
  session.status = 'Waiting';
  conversation.routingStatus = 'TRANSFER';
  routeSession(ctx, conversation, session, 'Transfer', queue);
}

function routeSession(ctx: SimContext, conversation: Conversation, session: MessagingSession, routingType: 'Initial' | 'Transfer', queue?: string): void {
  const decision = ctx.routing.decide(session, queue);
  session.queue = decision.queue;
  recordEntry(ctx, conversation, {
    entryType: 'RoutingResult',
    sender: ROUTER,
    senderDisplayName: ROUTER.displayName,
    payload: routingResultPayload(session, routingType, decision),
  });
  if (decision.failureReason) {
    endSession(ctx, conversation);
    return;
  }
  if (routingType === 'Initial') conversation.routingStatus = 'ROUTED';
  ctx.routing.enqueue(conversation, session);
}

/** A rep accepts the work: joins the conversation (ParticipantChanged add) and the session goes Active. */
export function repJoins(ctx: SimContext, conversation: Conversation, rep: RepIdentity): void {
  const session = activeSession(conversation);
  if (!session) return;
  const participant = repParticipant(rep);
  if (conversation.agents.some((a) => a.subject === participant.subject)) return;
  conversation.agents.push(participant);
  session.status = 'Active';
  recordEntry(ctx, conversation, {
    entryType: 'ParticipantChanged',
    sender: ROUTER,
    senderDisplayName: ROUTER.displayName,
    payload: { entries: [{ operation: 'add', menuMetadata: null, displayName: rep.displayName, participant: asSender(participant) }] },
  });
}

/**
 * End the messaging session (the conversation stays open): every rep leaves (ParticipantChanged
 * remove) and `SessionStatusChanged` says Ended. The end user's next message then gets 417.
 */
export function endSession(ctx: SimContext, conversation: Conversation): boolean {
  const session = activeSession(conversation);
  if (!session) return false;
  removeAgents(ctx, conversation);
  session.status = 'Ended';
  session.endedAt = ctx.clock.now();
  recordEntry(ctx, conversation, {
    entryType: 'SessionStatusChanged',
    sender: SYSTEM,
    senderDisplayName: SYSTEM.displayName,
    payload: { sessionId: session.id, sessionStatus: 'Ended' },
  });
  ctx.routing.sessionEnded(conversation);
  return true;
}

/** Reps leave the conversation (ParticipantChanged remove): all of them, or only the one with `subject`. */
export function removeAgents(ctx: SimContext, conversation: Conversation, subject?: string): void {
  const leaving = conversation.agents.filter((a) => subject === undefined || a.subject === subject);
  for (const agent of leaving) {
    recordEntry(ctx, conversation, {
      entryType: 'ParticipantChanged',
      sender: ROUTER,
      senderDisplayName: ROUTER.displayName,
      payload: { entries: [{ operation: 'remove', menuMetadata: null, displayName: agent.displayName, participant: asSender(agent) }] },
    });
  }
  conversation.agents = conversation.agents.filter((a) => !leaving.includes(a));
}

/** Close the conversation for good. `byEndUser` adds the CloseConversation event the end user's close produces. */
export function closeConversation(ctx: SimContext, conversation: Conversation, byEndUser: boolean): void {
  if (conversation.status === 'CLOSED') return;
  endSession(ctx, conversation);
  conversation.status = 'CLOSED';
  conversation.endTimestamp = ctx.clock.now();
  ctx.live.publish({ type: 'conversation', conversationId: conversation.id });
  if (byEndUser) {
    recordEntry(ctx, conversation, {
      entryType: 'CloseConversation',
      sender: SYSTEM,
      senderDisplayName: SYSTEM.displayName,
      payload: { conversationIdentifier: conversation.id },
    });
  }
}
