import type { Store } from '../store/store.ts';
import type { Conversation, Entry } from '../store/types.ts';
import { eventNameFor, toSseData } from '../serialize/entries.ts';
import type { EventHub } from './hub.ts';
import type { LiveFeed } from './liveFeed.ts';

export interface ConversationFeedDeps {
  store: Pick<Store, 'events' | 'directory'>;
  hub: EventHub;
  live: LiveFeed;
}

/**
 * An entry leaves the simulator: serialized once, kept in the event log for `Last-Event-ID` replay
 * and written to every open stream of the conversation's end user; the live feed is told.
 */
export function streamEntry(deps: ConversationFeedDeps, conversation: Conversation, entry: Entry, toEndUser: boolean): void {
  const event = toEndUser ? eventNameFor(entry.entryType) : undefined;
  if (event) {
    const deployment = deps.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    const stored = deps.store.events.append({
      subject: conversation.subject,
      conversationId: conversation.id,
      event,
      data: toSseData(conversation, deployment?.channelAddressIdentifier ?? '', entry),
    });
    deps.hub.publish(stored);
  }
  deps.live.publish({ type: 'entry', conversationId: conversation.id, entryType: entry.entryType, senderRole: entry.sender.role });
}

/**
 * Any named event with any data, written to the end user's streams as Salesforce frames events
 * (kept for `Last-Event-ID` replay like the rest): for testing that clients ignore what they do not
 * know. Answers the event's id.
 */
export function streamNamedEvent(deps: Pick<ConversationFeedDeps, 'store' | 'hub'>, conversation: Conversation, event: string, data: string): number {
  const stored = deps.store.events.append({ subject: conversation.subject, conversationId: conversation.id, event, data });
  deps.hub.publish(stored);
  return stored.id;
}
