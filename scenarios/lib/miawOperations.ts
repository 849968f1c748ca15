import type { z } from 'zod';
import type { OperationName } from './scenarioSchema.ts';

type Operation = z.output<typeof OperationName>;
const API = '/iamessage/api/v2';

/** Method and path (conversation ids as `{id}`) of each MIAW operation, as docs/fidelity.md and the simulator's routers name them. */
const OPERATIONS: Record<string, Operation> = {
  [`POST ${API}/authorization/unauthenticated/access-token`]: 'generateGuestAccessToken',
  [`POST ${API}/authorization/authenticated/access-token`]: 'generateAuthenticatedAccessToken',
  [`DELETE ${API}/authorization/authenticated/access-token`]: 'revokeToken',
  [`GET ${API}/authorization/continuation-access-token`]: 'generateContinuationToken',
  [`POST ${API}/conversation`]: 'createConversation',
  [`GET ${API}/conversation/list`]: 'listConversations',
  [`GET ${API}/conversation/{id}`]: 'retrieveRoutingStatus',
  [`DELETE ${API}/conversation/{id}`]: 'closeConversation',
  [`DELETE ${API}/conversation/{id}/session`]: 'endMessagingSession',
  [`GET ${API}/conversation/{id}/transcript`]: 'retrieveTranscript',
  [`GET ${API}/conversation/{id}/entries`]: 'listConversationEntries',
  [`POST ${API}/conversation/{id}/message`]: 'sendMessage',
  [`POST ${API}/conversation/{id}/file`]: 'sendFile',
  [`POST ${API}/conversation/{id}/entry`]: 'sendTypingIndicator',
  [`POST ${API}/conversation/{id}/acknowledge-entries`]: 'acknowledgeEntries',
  'GET /eventrouter/v1/sse': 'subscribeToEvents',
  'GET /embeddedservice/v1/embedded-service-config': 'getEmbeddedServiceConfig',
  'GET /embeddedservice/v1/businesshours': 'getBusinessHours',
};

/** The MIAW operation a journaled request called, or undefined (control API, unknown paths). */
export function operationOf(request: { method: string; path: string }): Operation | undefined {
  const parts = request.path.split('/');
  const at = parts.indexOf('conversation');
  if (at >= 0 && parts[at + 1] !== undefined && parts[at + 1] !== 'list') parts[at + 1] = '{id}';
  const key = `${request.method} ${parts.join('/')}`;
  return Object.hasOwn(OPERATIONS, key) ? OPERATIONS[key] : undefined;
}
