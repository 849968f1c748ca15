import type { AccessSession } from '../auth/accessToken.ts';
import type { SimContext } from '../server/context.ts';
import { badRequest, notFound } from '../shared/errors.ts';
import { isLowerCaseUuid } from '../shared/ids.ts';
import type { Conversation } from '../store/types.ts';

/** Salesforce's own wording for a bad conversation id. */
export const UUID_MESSAGE = 'Specify the conversationId in UUID format. The UUID must be in lowercase.';

export function requireUuid(value: unknown, field = 'conversationId'): string {
  if (typeof value !== 'string' || !isLowerCaseUuid(value)) {
    throw badRequest('INVALID_UUID', field === 'conversationId' ? UUID_MESSAGE : `Specify ${field} in UUID format. The UUID must be in lowercase.`);
  }
  return value;
}

/** The caller's conversation, or 404 (another subject's conversation is not revealed). */
export function loadConversation(ctx: SimContext, session: AccessSession, id: unknown): Conversation {
  const conversationId = requireUuid(id);
  const conversation = ctx.store.conversations.get(conversationId);
  if (!conversation || conversation.subject !== session.subject || conversation.orgId !== session.orgId) {
    throw notFound('CONVERSATION_NOT_FOUND', `No conversation ${conversationId} exists for this end user. Create it first with POST /iamessage/api/v2/conversation.`);
  }
  return conversation;
}

/** `esDeveloperName` must be present (where the API requires it) and name the token's deployment. */
export function requireDeploymentName(session: AccessSession, value: unknown, required = true): void {
  if (value === undefined || value === '') {
    if (required) throw badRequest('MISSING_ES_DEVELOPER_NAME', 'esDeveloperName is required: the API name of the Embedded Service deployment.');
    return;
  }
  if (value !== session.deployment) {
    throw badRequest('ES_DEVELOPER_NAME_MISMATCH', `esDeveloperName ${JSON.stringify(value)} does not match the deployment this access token was issued for ("${session.deployment}").`);
  }
}

export function requireOpen(conversation: Conversation): void {
  if (conversation.status === 'CLOSED') {
    throw badRequest('CONVERSATION_CLOSED', `Conversation ${conversation.id} is closed. Start a new conversation with a new conversationId.`);
  }
}
