import type { Conversation, ConversationDraft, Deployment } from '../../store/types.ts';
import type { ConversationDeps } from './changes.ts';
import type { EndUser } from './endUserMessages.ts';
import { endUserName } from './endUserName.ts';
import { checkRoutingAttributes } from './routingAttributes.ts';
import { startSession } from './sessions.ts';

export interface NewConversation {
  id: string;
  deployment: Deployment;
  endUser: Pick<EndUser, 'subject' | 'displayName'>;
  routingAttributes?: Record<string, string>;
  language?: string;
}

/** A conversation comes into being with its first messaging session, which routing routes at once. */
export function createConversation(deps: ConversationDeps, input: NewConversation): Conversation {
  const attributes = checkRoutingAttributes(input.deployment, input.routingAttributes ?? {});
  const now = deps.clock.now();
  const conversation: ConversationDraft = {
    id: input.id,
    orgId: input.deployment.orgId,
    deployment: input.deployment.name,
    subject: input.endUser.subject,
    endUserDisplayName: endUserName(attributes, input.endUser.displayName),
    status: 'OPEN',
    routingStatus: 'INITIAL',
    startTimestamp: now,
    endTimestamp: 0,
    language: input.language,
    sessions: [],
    agents: [],
    entries: [],
  };
  deps.store.conversations.add(conversation);
  startSession(deps, conversation, input.deployment, attributes);
  return conversation;
}
