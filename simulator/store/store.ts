import { ConversationStore } from './conversations.ts';
import { Directory } from './directory.ts';
import { EventLog } from './eventLog.ts';
import { Journal } from './journal.ts';
import { SalesforceRecords, type SalesforceSnapshot } from './salesforceRecords.ts';
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
  /** The Salesforce REST API side a case handoff uses: connected apps, users, OAuth tokens, cases, the outbox. */
  readonly salesforce = new SalesforceRecords();
  private replaced = 0;

  constructor(limits: { replayLimit: number; journalLimit: number }) {
    this.events = new EventLog(limits.replayLimit);
    this.journal = new Journal(limits.journalLimit);
  }

  /** Goes up whenever the runtime state is cleared or replaced wholesale (reset, import): what a change log cannot express. */
  get generation(): number {
    return this.replaced;
  }

  /** Forget conversations, events, journal, revocations and token cutoffs; the directory is reset by the caller. */
  clearRuntime(): void {
    this.replaced++;
    this.conversations.clear();
    this.events.clear();
    this.journal.clear();
    this.revokedTokens.clear();
    this.tokenCutoffs.clear();
    this.salesforce.clear();
  }

  export(): StoreSnapshot {
    return this.exportWith(this.conversations.snapshot());
  }

  /** Everything the store holds with `conversations` in place of its own (a persisting simulator writes those one by one, uncopied). */
  exportWith<C>(conversations: C): Omit<StoreSnapshot, 'conversations'> & { conversations: C } {
    return {
      ...this.directory.snapshot(),
      conversations,
      events: this.events.snapshot(),
      revokedTokens: [...this.revokedTokens],
      tokenCutoffs: this.tokenCutoffs.snapshot(),
      salesforce: this.salesforce.snapshot(),
    };
  }

  import(snapshot: StoreSnapshot): void {
    this.replaced++;
    this.directory.restore(snapshot);
    this.conversations.restore(snapshot.conversations);
    this.events.restore(snapshot.events);
    this.revokedTokens.clear();
    for (const jti of snapshot.revokedTokens) this.revokedTokens.add(jti);
    this.tokenCutoffs.restore(snapshot.tokenCutoffs ?? []);
    // Exports written before Email Cases were kept have none: the Setup stays the seed's.
    if (snapshot.salesforce) this.salesforce.restore(snapshot.salesforce);
  }
}

/** Everything the store holds, as records (the state export serializes it: `server/stateFile.ts`). */
export interface StoreSnapshot {
  orgs: Org[];
  deployments: Deployment[];
  keysets: Keyset[];
  conversations: Conversation[];
  events: { seq: number; events: StoredEvent[] };
  revokedTokens: string[];
  /** Absent in exports written before token faults existed. */
  tokenCutoffs?: TokenCutoff[];
  /** Email Cases: connected apps, integration users, records, outbox, case numbers (absent in exports written before they were kept). */
  salesforce?: SalesforceSnapshot;
}
