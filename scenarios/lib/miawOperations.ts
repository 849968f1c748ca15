/**
 * The MIAW operations, named as Salesforce's API reference names them (its pages are
 * `miaw-api-reference?meta=<name>`; docs/fidelity.md gives the evidence for each name).
 */
export const OPERATION_NAMES = [
  'generateAccessTokenForUnauthenticatedUser',
  'generateAccessTokenForAuthenticatedUser',
  'revokeToken',
  'generateContinuationToken',
  'createConversation',
  'listConversations',
  'retrieveRoutingStatus',
  'closeConversation',
  'endMessagingSession',
  'retrieveTranscript',
  'listConversationEntries',
  'sendMessage',
  'sendFile',
  'sendTypingIndicator',
  'acknowledgeEntries',
  'subscribeToEvents',
  'getEmbeddedServiceConfig',
  'getBusinessHours',
] as const;
export type Operation = (typeof OPERATION_NAMES)[number];

/** Names this runner used before it took Salesforce's: still read in scenario files, with a deprecation warning. */
export const DEPRECATED_OPERATION_NAMES = {
  generateGuestAccessToken: 'generateAccessTokenForUnauthenticatedUser',
  generateAuthenticatedAccessToken: 'generateAccessTokenForAuthenticatedUser',
} as const satisfies Record<string, Operation>;
export type DeprecatedOperation = keyof typeof DEPRECATED_OPERATION_NAMES;

const API = '/iamessage/api/v2';

/** Method and path (conversation ids as `{id}`) of each MIAW operation, as the simulator's routers serve them. */
const OPERATIONS: Record<string, Operation> = {
  [`POST ${API}/authorization/unauthenticated/access-token`]: 'generateAccessTokenForUnauthenticatedUser',
  [`POST ${API}/authorization/authenticated/access-token`]: 'generateAccessTokenForAuthenticatedUser',
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

/** `expect.journal.calls` with the old names put right: the counts under Salesforce's names, a warning per old name, or the first name given twice. */
export function currentOperationNames(calls: Partial<Record<Operation | DeprecatedOperation, number>>): { calls: Partial<Record<Operation, number>>; deprecated: string[]; twice?: string } {
  const current: Partial<Record<Operation, number>> = {};
  const deprecated: string[] = [];
  const givenAs = new Map<Operation, string>();
  for (const [name, count] of Object.entries(calls) as Array<[Operation | DeprecatedOperation, number]>) {
    const renamed = Object.hasOwn(DEPRECATED_OPERATION_NAMES, name) ? DEPRECATED_OPERATION_NAMES[name as DeprecatedOperation] : (name as Operation);
    if (renamed !== name) deprecated.push(`${name}: Salesforce names this operation ${renamed}; write that (the old name is read for now, and will be refused in a later version)`);
    const earlier = givenAs.get(renamed);
    if (earlier !== undefined) return { calls: current, deprecated, twice: `${earlier} and ${name} are one operation, ${renamed} (${renamed === name ? earlier : name} is its old name): give it once, as ${renamed}` };
    givenAs.set(renamed, name);
    current[renamed] = count;
  }
  return { calls: current, deprecated };
}
