import type { HotRoute } from '../http/hotLane.ts';
import type { SimContext } from '../server/context.ts';
import { heldTokens, tokenExchanges } from './authorization.ts';
import { conversationOperations } from './conversations.ts';
import { embeddedServiceOperations } from './embeddedService.ts';
import { entryOperations } from './entries.ts';
import { eventSubscriptions } from './eventStream.ts';

const API = '/iamessage/api/v2';
/** A conversation id as a path segment: one or more characters other than `/` (a `%` never reaches here). Linear. */
const ID = '([^/]+)';
const exact = (path: string) => new RegExp(`^${path}$`);

/**
 * The data-plane operations the node:http lane serves itself (`http/hotLane.ts`): the requests a
 * handoff and a load test make, by the same operations the express routers call. The session is
 * there for every route with `bearer`. In the express routers' order where two could match the same
 * path (`/conversation/list` before `/conversation/:conversationId`). Left to express: file upload
 * (multipart), the transcript (a PDF), and everything the lane declines.
 */
export function hotRoutes(ctx: SimContext, streams = eventSubscriptions(ctx)): HotRoute[] {
  const tokens = tokenExchanges(ctx);
  const held = heldTokens(ctx);
  const conversations = conversationOperations(ctx);
  const entries = entryOperations(ctx);
  const config = embeddedServiceOperations(ctx);
  return [
    { method: 'POST', path: exact(`${API}/authorization/unauthenticated/access-token`), bearer: false, serve: ({ body }) => tokens.generateAccessTokenForUnauthenticatedUser(body) },
    { method: 'POST', path: exact(`${API}/authorization/authenticated/access-token`), bearer: false, serve: ({ body }) => tokens.generateAccessTokenForAuthenticatedUser(body) },
    { method: 'POST', path: exact(`${API}/conversation`), bearer: true, serve: ({ session, body }) => conversations.createConversation(session!, body) },
    { method: 'POST', path: exact(`${API}/conversation/${ID}/message`), bearer: true, serve: ({ session, param, body }) => entries.sendMessage(session!, param, body) },
    { method: 'POST', path: exact(`${API}/conversation/${ID}/entry`), bearer: true, serve: ({ session, param, body }) => entries.sendTypingIndicator(session!, param, body) },
    { method: 'POST', path: exact(`${API}/conversation/${ID}/acknowledge-entries`), bearer: true, serve: ({ session, param, body }) => entries.acknowledgeEntries(session!, param, body) },
    { method: 'GET', path: exact(`${API}/conversation/${ID}/entries`), bearer: true, serve: ({ session, param, query }) => entries.listConversationEntries(session!, param, query) },
    { method: 'GET', path: exact(`${API}/conversation/list`), bearer: true, serve: ({ session, query }) => conversations.listConversations(session!, query) },
    { method: 'GET', path: exact(`${API}/conversation/${ID}`), bearer: true, serve: ({ session, param }) => conversations.retrieveRoutingStatus(session!, param) },
    { method: 'DELETE', path: exact(`${API}/conversation/${ID}`), bearer: true, serve: ({ session, param, query }) => conversations.closeConversation(session!, param, query) },
    { method: 'DELETE', path: exact(`${API}/conversation/${ID}/session`), bearer: true, serve: ({ session, param, query }) => conversations.endMessagingSession(session!, param, query) },
    { method: 'DELETE', path: exact(`${API}/authorization/authenticated/access-token`), bearer: true, serve: ({ session }) => held.revokeToken(session!) },
    { method: 'GET', path: exact(`${API}/authorization/continuation-access-token`), bearer: true, serve: ({ session }) => held.generateContinuationToken(session!) },
    {
      method: 'GET',
      path: exact('/eventrouter/v1/sse'),
      bearer: true,
      serve: ({ session, req, res }) => {
        streams.subscribeToEvents(session!, req, res);
        return 'answered';
      },
    },
    { method: 'GET', path: exact('/embeddedservice/v1/embedded-service-config'), bearer: false, serve: ({ query }) => config.getEmbeddedServiceConfig(query) },
    { method: 'GET', path: exact('/embeddedservice/v1/businesshours'), bearer: false, serve: ({ query }) => config.getBusinessHours(query) },
  ];
}
