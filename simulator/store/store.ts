import type { RoutingSnapshot } from '../domain/routing/routingSnapshot.ts';
import { ConversationStore } from './conversations.ts';
import { Directory } from './directory.ts';
import { EventLog } from './eventLog.ts';
import { Journal } from './journal.ts';
import { TokenCutoffs, type TokenCutoff } from './tokenCutoffs.ts';
import type { Conversation, Deployment, Keyset, Org, StoredEvent } from './types.ts';

/** Everything the simulator remembers, in one place, with no knowledge of HTTP. */
export class Store {
  readonly directory = new Directory();
  readonly conversations = new ConversationStore();
  readonly events: EventLog;
  readonly journal: Journal;
  /** `jti`s of access tokens revoked before their expiry. */
  readonly revokedTokens = new Set<string>();
  /** "Every token issued before now is expired / revoked" (all subjects or one): the control API's token faults. */
  readonly tokenCutoffs = new TokenCutoffs();

  constructor(limits: { replayLimit: number; journalLimit: number }) {
    this.events = new EventLog(limits.replayLimit);
    this.journal = new Journal(limits.journalLimit);
  }

  /** Forget conversations, events, journal, revocations and token cutoffs; the directory is reset by the caller. */
  clearRuntime(): void {
    this.conversations.clear();
    this.events.clear();
    this.journal.clear();
    this.revokedTokens.clear();
    this.tokenCutoffs.clear();
  }

  export(): StateSnapshot {
    return {
      format: 'miaw-sim-state/1',
      ...this.directory.snapshot(),
      conversations: this.conversations.snapshot(),
      events: this.events.snapshot(),
      revokedTokens: [...this.revokedTokens],
      tokenCutoffs: this.tokenCutoffs.snapshot(),
    };
  }

  import(snapshot: StateSnapshot): void {
    this.directory.restore(snapshot);
    this.conversations.restore(snapshot.conversations);
    this.events.restore(snapshot.events);
    this.revokedTokens.clear();
    for (const jti of snapshot.revokedTokens) this.revokedTokens.add(jti);
    this.tokenCutoffs.restore(snapshot.tokenCutoffs ?? []);
  }
}

export interface StateSnapshot {
  format: 'miaw-sim-state/1';
  /** Queues, reps and who holds what (absent in exports written before it was kept). */
  routing?: RoutingSnapshot;
  /** How far simulated time was ahead of real time (`POST /__sim/v1/clock/advance`). */
  clock?: { offsetMs: number };
  orgs: Org[];
  deployments: Deployment[];
  keysets: Keyset[];
  conversations: Conversation[];
  events: { seq: number; events: StoredEvent[] };
  revokedTokens: string[];
  /** Absent in exports written before token faults existed. */
  tokenCutoffs?: TokenCutoff[];
}
