import { z } from 'zod';
import { FaultRulesSnapshotSchema } from '../../faults/faultRulesSnapshot.ts';
import type { FaultRulesSnapshot } from '../../faults/faultRules.ts';
import type { RoutingSnapshot } from '../../domain/reps/routingSnapshot.ts';
import type { ExportedConversation } from '../../serialize/stateEntries.ts';
import { checkAgainst } from '../../shared/validation.ts';
import type { TokenCutoff } from '../../store/tokenCutoffs.ts';
import type { Deployment, Keyset, Org, StoredEvent } from '../../store/types.ts';
import type { StateSnapshot } from '../stateFile.ts';
import type { SalesforceChange } from './salesforceChanges.ts';

/**
 * One line of the change log: what changed since the line before, in the state export's own shapes
 * (a conversation as the export writes it, with only its new entries), so the log is read back by
 * merging it into the snapshot's export and checking the result with `importState` like any import.
 * Each part is present only when it changed.
 */
export interface ChangeLine {
  /** Conversations created or changed: the whole record but for its entries, and the entries added from index `from`. */
  conversations?: Array<{ from: number; conversation: ExportedConversation }>;
  /** Events stored (ids increasing), and the last id handed out. */
  events?: StoredEvent[];
  seq?: number;
  /** Access tokens revoked since the line before. */
  revokedTokens?: string[];
  /** Small parts, written whole whenever they change. */
  directory?: { orgs: Org[]; deployments: Deployment[]; keysets: Keyset[] };
  tokenCutoffs?: TokenCutoff[];
  routing?: RoutingSnapshot;
  faults?: FaultRulesSnapshot;
  clock?: { offsetMs: number };
  /** Email Cases: what changed of the connected apps, users, records, outbox and case numbers. */
  salesforce?: SalesforceChange;
}

/** A line read back from disk: checked for its shape here, its records by `importState` once merged. */
const ChangeLineSchema = z.strictObject({
  conversations: z.array(z.strictObject({ from: z.number().int().nonnegative(), conversation: z.looseObject({ id: z.string(), entries: z.array(z.unknown()) }) })).optional(),
  events: z.array(z.looseObject({ id: z.number().int().positive(), subject: z.string() })).optional(),
  seq: z.number().int().nonnegative().optional(),
  revokedTokens: z.array(z.string()).optional(),
  directory: z.strictObject({ orgs: z.array(z.unknown()), deployments: z.array(z.unknown()), keysets: z.array(z.unknown()) }).optional(),
  tokenCutoffs: z.array(z.unknown()).optional(),
  routing: z.unknown().optional(),
  faults: FaultRulesSnapshotSchema.optional(),
  clock: z.strictObject({ offsetMs: z.number() }).optional(),
  salesforce: z
    .strictObject({
      connectedApps: z.array(z.unknown()).optional(),
      integrationUsers: z.array(z.unknown()).optional(),
      records: z.array(z.looseObject({ id: z.string() })).optional(),
      outbox: z.array(z.unknown()).optional(),
      caseNumbers: z.array(z.unknown()).optional(),
    })
    .optional(),
});

/** A state export (not yet checked) and the fault rules, with change lines applied to it one by one. */
export class Replay {
  private readonly index = new Map<string, number>();
  /** Email Cases records by id (built at the first line that changes one). */
  private recordIndex?: Map<string, number>;

  constructor(
    readonly state: Record<string, unknown> & { conversations: Array<{ id: string; entries: unknown[] }>; events: { seq: number; events: unknown[] }; revokedTokens: string[] },
    public faults: FaultRulesSnapshot,
  ) {
    state.conversations.forEach((c, i) => this.index.set(c.id, i));
  }

  /** Apply one parsed line; a problem is thrown as "what is wrong" for the caller to place in its file. */
  apply(json: unknown): void {
    const checked = checkAgainst(ChangeLineSchema, json);
    if (!checked.ok) throw new Error(`${checked.field}: ${checked.expected}`);
    const line = checked.data;
    for (const { from, conversation } of line.conversations ?? []) this.conversation(from, conversation);
    if (line.events) appended(this.state.events.events, line.events);
    if (line.seq !== undefined) this.state.events.seq = line.seq;
    if (line.revokedTokens) appended(this.state.revokedTokens, line.revokedTokens);
    if (line.directory) Object.assign(this.state, line.directory);
    if (line.tokenCutoffs) this.state.tokenCutoffs = line.tokenCutoffs;
    if (line.routing !== undefined) this.state.routing = line.routing;
    if (line.clock) this.state.clock = line.clock;
    if (line.faults) this.faults = line.faults as FaultRulesSnapshot;
    if (line.salesforce) this.salesforce(line.salesforce);
  }

  /** Apps, users and case numbers replaced; records replaced by id or added; mails appended. */
  private salesforce(change: { connectedApps?: unknown[]; integrationUsers?: unknown[]; records?: Array<{ id: string }>; outbox?: unknown[]; caseNumbers?: unknown[] }): void {
    const sf = (this.state.salesforce ??= { connectedApps: [], integrationUsers: [], records: [], outbox: [], caseNumbers: [] }) as Record<'connectedApps' | 'integrationUsers' | 'outbox' | 'caseNumbers', unknown[]> & { records: Array<{ id: string }> };
    if (change.connectedApps) sf.connectedApps = change.connectedApps;
    if (change.integrationUsers) sf.integrationUsers = change.integrationUsers;
    if (change.caseNumbers) sf.caseNumbers = change.caseNumbers;
    if (change.outbox) appended(sf.outbox, change.outbox);
    if (change.records) {
      const index = (this.recordIndex ??= new Map(sf.records.map((r, i) => [r.id, i])));
      for (const record of change.records) {
        const at = index.get(record.id);
        if (at === undefined) index.set(record.id, sf.records.push(record) - 1);
        else sf.records[at] = record;
      }
    }
  }

  private conversation(from: number, changed: { id: string; entries: unknown[] }): void {
    const at = this.index.get(changed.id);
    const known = at === undefined ? undefined : this.state.conversations[at]!;
    const have = known?.entries.length ?? 0;
    if (from !== have) throw new Error(`conversation ${changed.id} goes on from entry ${from}, but ${have} entries were read before it`);
    const merged = { ...changed, entries: known ? appended(known.entries, changed.entries) : changed.entries };
    if (at === undefined) this.index.set(changed.id, this.state.conversations.push(merged) - 1);
    else this.state.conversations[at] = merged;
  }

  /** The merged state, for `importState` to check. */
  result(): StateSnapshot {
    return this.state as unknown as StateSnapshot;
  }
}

/** `to` with `items` pushed one by one (a spread of a long array would overflow the call stack). */
function appended<T>(to: T[], items: T[]): T[] {
  for (const item of items) to.push(item);
  return to;
}
