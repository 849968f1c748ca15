import type { HotRoute } from '../http/hotLane.ts';
import type { SimContext } from '../server/context.ts';
import { tokenExchanges } from './authorization.ts';
import { conversationOperations } from './conversations.ts';
import { entryOperations } from './entries.ts';

const API = '/iamessage/api/v2';
/** A conversation id as a path segment: one or more characters other than `/` (a `%` never reaches here). Linear. */
const ID = '([^/]+)';

/**
 * The data-plane operations the node:http lane serves itself (`http/hotLane.ts`): the requests a
 * handoff and a load test make most, by the same operations the express routers call. The session
 * is there for every route with `bearer`.
 */
export function hotRoutes(ctx: SimContext): HotRoute[] {
  const tokens = tokenExchanges(ctx);
  const conversations = conversationOperations(ctx);
  const entries = entryOperations(ctx);
  return [
    { path: new RegExp(`^${API}/authorization/unauthenticated/access-token$`), bearer: false, serve: ({ body }) => tokens.generateAccessTokenForUnauthenticatedUser(body) },
    { path: new RegExp(`^${API}/authorization/authenticated/access-token$`), bearer: false, serve: ({ body }) => tokens.generateAccessTokenForAuthenticatedUser(body) },
    { path: new RegExp(`^${API}/conversation$`), bearer: true, serve: ({ session, body }) => conversations.createConversation(session!, body) },
    { path: new RegExp(`^${API}/conversation/${ID}/message$`), bearer: true, serve: ({ session, param, body }) => entries.sendMessage(session!, param, body) },
    { path: new RegExp(`^${API}/conversation/${ID}/entry$`), bearer: true, serve: ({ session, param, body }) => entries.sendTypingIndicator(session!, param, body) },
    { path: new RegExp(`^${API}/conversation/${ID}/acknowledge-entries$`), bearer: true, serve: ({ session, param, body }) => entries.acknowledgeEntries(session!, param, body) },
  ];
}
