import { newRecordId } from '../../shared/ids.ts';
import type { MessagingSession } from '../../store/types.ts';

/** Where routing put a session, or why it could not. */
export interface RoutingDecision {
  queue: string;
  queueId: string;
  /** Set when routing failed (e.g. after hours): the RoutingResult reports a RoutingError. */
  failureReason?: string;
}

/** The `RoutingResult` entry payload (besides `entryType` and `id`) for a routing attempt. */
export function routingResultPayload(session: MessagingSession, routingType: 'Initial' | 'Transfer', decision: RoutingDecision): Record<string, unknown> {
  return {
    recordId: session.id,
    routingType,
    failureType: decision.failureReason ? 'RoutingError' : 'None',
    failureReason: decision.failureReason ?? null,
    errorMessages: decision.failureReason ? [decision.failureReason] : [],
    pendingServiceRoutingId: newRecordId('0JR'),
    estimatedWaitTime: { estimatedWaitTimeInSeconds: null, isEWTRequested: false },
    routingConfigurationDetails: { routingConfigurationType: 'Omni-Channel Flow', queueId: decision.queueId },
    isExternallyRouted: false,
    cancelReason: null,
    skipRouterCPRemovalIfNoRoutingFailures: false,
    workOwnerId: null,
  };
}
