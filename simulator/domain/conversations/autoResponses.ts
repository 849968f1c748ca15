import type { Clock } from '../../shared/clock.ts';
import type { AutoResponses, Conversation, Deployment } from '../../store/types.ts';
import type { ConversationChange, ConversationDeps } from './changes.ts';
import { SYSTEM } from './participants.ts';
import { recordEntry } from './recordEntry.ts';
import { activeSession, endSession, inactivateSession } from './sessions.ts';

/** How long an Inactive session lasts before it ends, unless the deployment says: Salesforce ends Inactive sessions "after approximately 24 hours". */
export const INACTIVE_SESSION_ENDS_AFTER_SECONDS = 24 * 60 * 60;

export interface AutoResponderDeps {
  conversations: ConversationDeps;
  /** Inactivity is measured on the simulated clock, so advancing it fires the warning and the end. */
  clock: Pick<Clock, 'now' | 'schedule'>;
}

/**
 * The deployment's auto-responses: a message from "Automated Process" when a session starts, when a
 * rep joins, when a session ends, and, when the end user stays silent, an inactivity warning and then
 * a last message after which the session goes Inactive (reps leave; the end user's next message
 * makes it Waiting and routes it again). An Inactive session ends 24 hours later (their next message
 * then gets 417 like any ended session's). As Salesforce counts customer inactivity, the silence
 * counts from the rep's first message after the end user's last one; an end-user message stops the count.
 */
export class AutoResponder {
  /** Cancels of each conversation's pending inactivity timers. */
  private timers = new Map<string, Array<() => void>>();

  constructor(private readonly deps: AutoResponderDeps) {}

  handle(change: ConversationChange): void {
    const { conversation } = change;
    switch (change.type) {
      case 'session-started':
        this.cancel(conversation.id);
        this.say(conversation, this.responsesOf(conversation)?.start);
        return;
      case 'entry': {
        const { entry } = change;
        if (entry.entryType === 'Message' && entry.sender.role === 'EndUser') this.cancel(conversation.id);
        else if (entry.entryType === 'Message' && entry.sender.role === 'Agent' && !this.timers.has(conversation.id)) this.armInactivity(conversation, this.deps.clock.now());
        else if (entry.entryType === 'ParticipantChanged' && entry.changes.some((c) => c.operation === 'add' && c.participant.role === 'Agent')) {
          this.say(conversation, this.responsesOf(conversation)?.repJoins);
        }
        return;
      }
      case 'session-ended':
        this.cancel(conversation.id);
        this.say(conversation, this.responsesOf(conversation)?.sessionEnd);
        return;
      case 'session-inactive':
        this.armInactiveEnd(conversation, change.session.inactiveAt ?? this.deps.clock.now());
        return;
      case 'session-reactivated':
        this.cancel(conversation.id);
        return;
      case 'conversation-closed':
        this.cancel(conversation.id);
        return;
    }
  }

  /**
   * After an import: the inactivity count of every active session runs again from the rep's first
   * message after the end user's last one, so a session already silent too long ends at once.
   */
  resume(): void {
    for (const conversation of this.deps.conversations.store.conversations.list()) {
      const session = activeSession(conversation);
      if (!session) continue;
      if (session.status === 'Inactive') {
        this.armInactiveEnd(conversation, session.inactiveAt ?? this.deps.clock.now());
        continue;
      }
      const messages = conversation.entries.filter((e) => e.entryType === 'Message' && e.transcriptedTimestamp >= session.startedAt);
      const lastCustomer = messages.map((e) => e.sender.role).lastIndexOf('EndUser');
      const afterCustomer = messages.slice(lastCustomer + 1);
      const firstReply = afterCustomer.find((e) => e.sender.role === 'Agent');
      if (firstReply) this.armInactivity(conversation, firstReply.transcriptedTimestamp);
    }
  }

  /** Forget every pending timer (reset). */
  clear(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  private armInactivity(conversation: Conversation, since: number): void {
    this.cancel(conversation.id);
    const session = activeSession(conversation);
    const responses = this.responsesOf(conversation);
    if (!session || !responses) return;
    const { inactivityWarning: warning, inactivityEnd: end } = responses;
    const after = (seconds: number) => Math.max(0, since + seconds * 1000 - this.deps.clock.now());
    // A timer acts only if its session is still the conversation's active one (not ended, not reset away).
    const stillCurrent = () => {
      const now = this.deps.conversations.store.conversations.get(conversation.id);
      return now === conversation && activeSession(conversation) === session;
    };
    const cancels: Array<() => void> = [];
    if (warning) cancels.push(this.deps.clock.schedule(after(warning.afterSeconds), () => stillCurrent() && this.say(conversation, warning.text)));
    if (end) {
      cancels.push(
        this.deps.clock.schedule(after(end.afterSeconds), () => {
          if (!stillCurrent()) return;
          this.say(conversation, end.text);
          inactivateSession(this.deps.conversations, conversation);
        }),
      );
    }
    if (cancels.length) this.timers.set(conversation.id, cancels);
  }

  /** An Inactive session ends `inactivityEnd.endAfterSeconds` (default a day) after it went Inactive, unless the end user writes first. */
  private armInactiveEnd(conversation: Conversation, since: number): void {
    this.cancel(conversation.id);
    const session = activeSession(conversation);
    if (!session) return;
    const lasts = (this.responsesOf(conversation)?.inactivityEnd?.endAfterSeconds ?? INACTIVE_SESSION_ENDS_AFTER_SECONDS) * 1000;
    const cancel = this.deps.clock.schedule(Math.max(0, since + lasts - this.deps.clock.now()), () => {
      const current = this.deps.conversations.store.conversations.get(conversation.id) === conversation && activeSession(conversation) === session;
      if (current && session.status === 'Inactive') endSession(this.deps.conversations, conversation);
    });
    this.timers.set(conversation.id, [cancel]);
  }

  private cancel(conversationId: string): void {
    for (const cancel of this.timers.get(conversationId) ?? []) cancel();
    this.timers.delete(conversationId);
  }

  private responsesOf(conversation: Conversation): AutoResponses | undefined {
    const deployment: Deployment | undefined = this.deps.conversations.store.directory.getDeployment(conversation.orgId, conversation.deployment);
    return deployment?.autoResponses;
  }

  /** An automated text message, sent as Salesforce's automated process. */
  private say(conversation: Conversation, text: string | undefined): void {
    if (!text || conversation.status === 'CLOSED') return;
    recordEntry(this.deps.conversations, conversation, {
      entryType: 'Message',
      sender: SYSTEM,
      senderDisplayName: SYSTEM.displayName,
      message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } },
      inReplyToMessageId: null,
    });
  }
}
