import type { SalesforceRecords, SalesforceSnapshot } from '../../store/salesforceRecords.ts';

/** The Email Cases part of a change line: apps, users and case numbers whole when they changed, records changed (by id), mails sent. */
export interface SalesforceChange {
  connectedApps?: SalesforceSnapshot['connectedApps'];
  integrationUsers?: SalesforceSnapshot['integrationUsers'];
  /** Records created or changed since the line before: each replaces the record of its id. */
  records?: SalesforceSnapshot['records'];
  /** Mails sent since the line before (the outbox only grows, until a reset). */
  outbox?: SalesforceSnapshot['outbox'];
  caseNumbers?: SalesforceSnapshot['caseNumbers'];
}

/**
 * What of the Email Cases records persistence has written, to tell what changed since: compared
 * only when the records' version moved (a REST call or a rep's reply), so messaging pays nothing.
 */
export class SalesforceChanges {
  private version = -1;
  private apps = '';
  private users = '';
  private numbers = '';
  private records = new Map<string, string>();
  private mails = 0;

  constructor(private readonly sf: SalesforceRecords) {}

  /** Everything in memory is on disk (a snapshot was written, or the log goes on from what was read). */
  written(): void {
    this.commit(this.sf.snapshot(), this.sf.version);
  }

  /** Did the records change since they were last written? (Their version moved; `pending` tells what changed.) */
  moved(): boolean {
    return this.sf.version !== this.version;
  }

  /** What changed since it was last written, and `commit` to call once the line holding it is on disk. */
  pending(): { change: SalesforceChange; commit: () => void } | undefined {
    const version = this.sf.version;
    if (version === this.version) return undefined;
    const now = this.sf.snapshot();
    const change: SalesforceChange = {};
    if (JSON.stringify(now.connectedApps) !== this.apps) change.connectedApps = now.connectedApps;
    if (JSON.stringify(now.integrationUsers) !== this.users) change.integrationUsers = now.integrationUsers;
    if (JSON.stringify(now.caseNumbers) !== this.numbers) change.caseNumbers = now.caseNumbers;
    const records = now.records.filter((r) => this.records.get(r.id) !== JSON.stringify(r));
    if (records.length) change.records = records;
    if (now.outbox.length > this.mails) change.outbox = now.outbox.slice(this.mails);
    const commit = () => this.commit(now, version);
    if (Object.keys(change).length === 0) return void commit();
    return { change, commit };
  }

  private commit(now: SalesforceSnapshot, version: number): void {
    this.version = version;
    this.apps = JSON.stringify(now.connectedApps);
    this.users = JSON.stringify(now.integrationUsers);
    this.numbers = JSON.stringify(now.caseNumbers);
    this.records = new Map(now.records.map((r) => [r.id, JSON.stringify(r)]));
    this.mails = now.outbox.length;
  }
}
