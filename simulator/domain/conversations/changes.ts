import type { Clock } from '../../shared/clock.ts';
import type { Store } from '../../store/store.ts';
import type { Conversation, Entry, MessagingSession } from '../../store/types.ts';

/**
 * What the conversation domain tells the rest of the simulator, synchronously and in order: the
 * event stream and the live feed follow `entry`; routing follows the session changes. The domain
 * never knows who listens.
 */
export type ConversationChange =
  /** An entry was recorded (`stream`: whether the end user's event streams should carry it). */
  | { type: 'entry'; conversation: Conversation; entry: Entry; stream: boolean }
  /** A messaging session started and waits to be routed (a RoutingResult follows at once). */
  | { type: 'session-started'; conversation: Conversation; session: MessagingSession }
  /** The active session ended: whoever held the work lets go. */
  | { type: 'session-ended'; conversation: Conversation }
  /** The session went Inactive (the end user stayed silent): whoever held the work lets go; the session stays. */
  | { type: 'session-inactive'; conversation: Conversation; session: MessagingSession }
  /** The end user wrote to an Inactive session: it waits to be routed again (a RoutingResult follows at once). */
  | { type: 'session-reactivated'; conversation: Conversation; session: MessagingSession }
  /** The conversation was closed for good. */
  | { type: 'conversation-closed'; conversation: Conversation };

/** The narrow dependencies every conversation-domain function takes. */
export interface ConversationDeps {
  store: Pick<Store, 'conversations' | 'directory'>;
  clock: Pick<Clock, 'now'>;
  publish: (change: ConversationChange) => void;
}
