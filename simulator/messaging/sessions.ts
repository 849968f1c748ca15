import type { SimContext } from '../context.ts';
import { newRecordId } from '../ids.ts';
import type { Conversation, MessagingSession } from '../store/types.ts';
import { ROUTER, SYSTEM, asSender, repParticipant, type RepIdentity } from './participants.ts';
import { recordEntry } from './recordEntry.ts';

export const activeSession = (c: Conversation): MessagingSession | undefined => {
  const last = c.sessions.at(-1);
  return last && last.status !== 'Ended' ? last : undefined;
};

/**
 * Start a messaging session and route it: the session waits in the (single, default) queue until a
 * rep accepts. Emits `RoutingResult` (Initial, no failure) as Omni-Channel does when it takes the work.
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
  recordEntry(ctx, conversation, {
    entryType: 'RoutingResult',
    sender: ROUTER,
    senderDisplayName: ROUTER.displayName,
    payload: {
      recordId: session.id,
      routingType: 'Initial',
      failureType: 'None',
      failureReason: null,
      errorMessages: [],
      pendingServiceRoutingId: newRecordId('0JR'),
      estimatedWaitTime: { estimatedWaitTimeInSeconds: null, isEWTRequested: false },
      routingConfigurationDetails: { routingConfigurationType: 'Omni-Channel Flow', queueId: '00GSIM000000001' },
      isExternallyRouted: false,
      cancelReason: null,
      skipRouterCPRemovalIfNoRoutingFailures: false,
      workOwnerId: null,
    },
  });
  conversation.routingStatus = 'ROUTED';
  return session;
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
  for (const agent of conversation.agents) {
    recordEntry(ctx, conversation, {
      entryType: 'ParticipantChanged',
      sender: ROUTER,
      senderDisplayName: ROUTER.displayName,
      payload: { entries: [{ operation: 'remove', menuMetadata: null, displayName: agent.displayName, participant: asSender(agent) }] },
    });
  }
  conversation.agents = [];
  session.status = 'Ended';
  session.endedAt = ctx.clock.now();
  recordEntry(ctx, conversation, {
    entryType: 'SessionStatusChanged',
    sender: SYSTEM,
    senderDisplayName: SYSTEM.displayName,
    payload: { sessionId: session.id, sessionStatus: 'Ended' },
  });
  return true;
}

/** Close the conversation for good. `byEndUser` adds the CloseConversation event the end user's close produces. */
export function closeConversation(ctx: SimContext, conversation: Conversation, byEndUser: boolean): void {
  if (conversation.status === 'CLOSED') return;
  endSession(ctx, conversation);
  conversation.status = 'CLOSED';
  conversation.endTimestamp = ctx.clock.now();
  if (byEndUser) {
    recordEntry(ctx, conversation, {
      entryType: 'CloseConversation',
      sender: SYSTEM,
      senderDisplayName: SYSTEM.displayName,
      payload: { conversationIdentifier: conversation.id },
    });
  }
}
