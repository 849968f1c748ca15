/**
 * What the live feed (`/__sim/v1/live`) says: small notices that something changed. A page that
 * gets one re-fetches what it shows through the control API; the notices carry ids, never content.
 */
export type LiveMessage =
  /** Sent once when a socket connects. */
  | { type: 'hello'; version: 1 }
  /** An entry was recorded (a new conversation starts with its RoutingResult; typing is included). */
  | { type: 'entry'; conversationId: string; entryType: string; senderRole: string }
  /** A conversation changed without an entry (closed after its session had ended). */
  | { type: 'conversation'; conversationId: string }
  /** Queues, reps, presence or who holds which conversation changed. */
  | { type: 'routing' }
  /** Fault rules were added or removed. */
  | { type: 'faults' }
  /** A fault rule served a request. */
  | { type: 'fault-served'; ruleId: string; method: string; path: string }
  /** A request was added to the journal. */
  | { type: 'journal'; seq: number; conversationId?: string; fault?: string }
  /** The simulated clock moved (office hours may have opened or closed). */
  | { type: 'clock' }
  /** `POST /__sim/v1/reset`: everything may have changed. */
  | { type: 'reset' }
  /** A handoff started from the widget page progressed (a step, a rep event, its end). */
  | { type: 'widget'; handoffId: string }
  /** An Email Case changed: created or updated through the REST API, an email added to it, a rep's reply sent. */
  | { type: 'case'; caseId: string };

type Listener = (message: LiveMessage) => void;

/** The notice for a Case or EmailMessage record that changed (an email names its case), if it belongs to one. */
export function caseNotice(record: { type: string; id: string; fields: Record<string, unknown> }): LiveMessage | undefined {
  const caseId = record.type === 'Case' ? record.id : record.fields.ParentId;
  return typeof caseId === 'string' ? { type: 'case', caseId } : undefined;
}

/** Fans control-plane change notices out to whoever listens (the WebSocket feed). Framework-free. */
export class LiveFeed {
  private listeners = new Set<Listener>();

  publish(message: LiveMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
