import type { ConnectedApp, CustomField, IntegrationUser, OutboxMail, RestSession, SObjectRecord, SObjectType } from './salesforceTypes.ts';

/** Connected apps and integration users: the Setup side of the Salesforce REST API a case handoff uses. */
export interface SalesforceSeed {
  connectedApps?: ConnectedApp[];
  integrationUsers?: IntegrationUser[];
  /** Custom fields every org has (an External ID field to upsert cases by, say). */
  customFields?: CustomField[];
}

/**
 * What the state export keeps of them: Setup added at run time (connected apps, users), the
 * records, the outbox, and each org's last case number (so numbers go on, never repeat). OAuth
 * tokens are left out (a restart ends REST sessions: clients get a new token), and custom fields
 * come from the seed.
 */
export interface SalesforceSnapshot {
  connectedApps: ConnectedApp[];
  integrationUsers: IntegrationUser[];
  records: SObjectRecord[];
  outbox: OutboxMail[];
  caseNumbers: Array<{ orgId: string; last: number }>;
}

/**
 * What the Salesforce REST API side remembers: connected apps, integration users, OAuth access
 * tokens, Case and EmailMessage records, and the outbox of rep replies. Framework-free.
 */
export class SalesforceRecords {
  private apps = new Map<string, ConnectedApp>();
  private users = new Map<string, IntegrationUser>();
  private sessions = new Map<string, RestSession>();
  private records = new Map<string, SObjectRecord>();
  private sent: OutboxMail[] = [];
  private caseNumbers = new Map<string, number>();
  private custom: CustomField[] = [];
  private changes = 0;

  /** Goes up with every change a state export would show (not OAuth tokens): what persistence compares. */
  get version(): number {
    return this.changes;
  }

  get customFields(): readonly CustomField[] {
    return this.custom;
  }

  listApps(): ConnectedApp[] {
    return [...this.apps.values()];
  }
  /** The app with this consumer key (the assertion's `iss`). */
  appByConsumerKey(consumerKey: string): ConnectedApp | undefined {
    return this.apps.get(consumerKey);
  }
  putApp(app: ConnectedApp): void {
    this.apps.set(app.consumerKey, app);
    this.changes++;
  }

  listUsers(): IntegrationUser[] {
    return [...this.users.values()];
  }
  /** Usernames are unique across every org, as in Salesforce. */
  userByUsername(username: string): IntegrationUser | undefined {
    return this.users.get(username.toLowerCase());
  }
  putUser(user: IntegrationUser): void {
    this.users.set(user.username.toLowerCase(), user);
    this.changes++;
  }

  session(token: string): RestSession | undefined {
    return this.sessions.get(token);
  }
  /** Remember a token; those expired by `now` are forgotten on the way (the map never grows past the live ones). */
  putSession(token: string, session: RestSession, now: number): void {
    for (const [t, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(t);
    this.sessions.set(token, session);
  }
  dropSession(token: string): void {
    this.sessions.delete(token);
  }

  record(id: string): SObjectRecord | undefined {
    return this.records.get(id);
  }
  /** Store a record, new or changed in place (call it after changing one: it counts as a change). */
  putRecord(record: SObjectRecord): void {
    this.records.set(record.id, record);
    this.changes++;
  }
  /** Records of a type in an org, oldest first. */
  listRecords(orgId: string | undefined, type: SObjectType): SObjectRecord[] {
    return [...this.records.values()].filter((r) => r.type === type && (!orgId || r.orgId === orgId));
  }
  /**
   * Records of a type in an org whose field holds this value (an external id: at most one, unless it
   * is not unique); `ignoreCase` compares as a Unique, case-insensitive field does.
   */
  findBy(orgId: string, type: SObjectType, field: string, value: string, { ignoreCase = false } = {}): SObjectRecord[] {
    const fold = (v: unknown) => (ignoreCase && typeof v === 'string' ? v.toLowerCase() : v);
    const wanted = fold(value);
    return this.listRecords(orgId, type).filter((r) => Object.hasOwn(r.fields, field) && fold(r.fields[field]) === wanted);
  }

  /** The org's next case number: 00001001, 00001002... as a new org numbers them. */
  nextCaseNumber(orgId: string): string {
    const next = (this.caseNumbers.get(orgId) ?? 1000) + 1;
    this.caseNumbers.set(orgId, next);
    this.changes++;
    return String(next).padStart(8, '0');
  }

  outbox(orgId?: string): OutboxMail[] {
    return this.sent.filter((m) => !orgId || m.orgId === orgId);
  }
  send(mail: OutboxMail): void {
    this.sent.push(mail);
    this.changes++;
  }

  /** Forget tokens, records and the outbox (reset); apps and users come back from the seed. */
  clear(): void {
    this.sessions.clear();
    this.records.clear();
    this.sent = [];
    this.caseNumbers.clear();
    this.changes++;
  }

  /** Replace the apps, users and custom fields with the seed's. */
  restoreSetup(seed: SalesforceSeed): void {
    this.apps.clear();
    this.users.clear();
    for (const app of seed.connectedApps ?? []) this.putApp(structuredClone(app));
    for (const user of seed.integrationUsers ?? []) this.putUser(structuredClone(user));
    this.custom = structuredClone(seed.customFields ?? []);
    this.changes++;
  }

  /** A copy of what the state export keeps. */
  snapshot(): SalesforceSnapshot {
    return structuredClone({
      connectedApps: this.listApps(),
      integrationUsers: this.listUsers(),
      records: [...this.records.values()],
      outbox: this.sent,
      caseNumbers: [...this.caseNumbers].map(([orgId, last]) => ({ orgId, last })),
    });
  }

  /**
   * Replace apps, users, records and the outbox with a snapshot's (checked by the state schema);
   * OAuth tokens are forgotten, custom fields stay. Each org's case numbers go on from the larger
   * of its recorded last number and its highest case, so no number is handed out twice.
   */
  restore(snapshot: SalesforceSnapshot): void {
    const copy = structuredClone(snapshot);
    this.apps.clear();
    this.users.clear();
    this.sessions.clear();
    this.records.clear();
    this.caseNumbers.clear();
    for (const app of copy.connectedApps) this.apps.set(app.consumerKey, app);
    for (const user of copy.integrationUsers) this.users.set(user.username.toLowerCase(), user);
    for (const record of copy.records) this.records.set(record.id, record);
    this.sent = copy.outbox;
    for (const { orgId, last } of copy.caseNumbers) this.caseNumbers.set(orgId, last);
    for (const record of copy.records) {
      const number = record.type === 'Case' ? Number(record.fields.CaseNumber) : NaN;
      if (Number.isSafeInteger(number) && number > (this.caseNumbers.get(record.orgId) ?? 1000)) this.caseNumbers.set(record.orgId, number);
    }
    this.changes++;
  }
}
