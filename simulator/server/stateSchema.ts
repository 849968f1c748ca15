import { z } from 'zod';
import { AutoResponsesInput } from '../config/deploymentSchema.ts';
import { JwksUrl } from '../auth/jwksKeys.ts';
import { RoutingSnapshot } from '../domain/reps/routingSnapshot.ts';
import { ImportedEntry, type ExportedConversation } from '../serialize/stateEntries.ts';
import { ownRecord } from '../shared/ownValue.ts';
import { MAX_CLOCK_MS } from '../shared/clockAdvance.ts';
import { Name, OrgId, PublicJwk, Text, Time } from './stateFields.ts';
import { SalesforceState, checkSalesforceRefs } from './stateSalesforce.ts';

/**
 * The state export's schema: what `GET /__sim/v1/state` and `--export-on-exit` write (its input
 * type, `StateSnapshot`) and what `--import` and `startSimulator({ state })` accept (checked: every
 * field, its type and its range, and what refers to what). Its output, `ImportedState`, is what the
 * store is restored from. The one schema of the format: anything that keeps the state on disk reads
 * it back through `StateFile`.
 */

export const STATE_FORMAT = 'miaw-sim-state/1';

const Org = z.object({ id: OrgId, name: Text });

const RegisteredKey = z.object({ kid: Name, alg: z.literal('RS256', { error: 'must be "RS256"' }), publicJwk: PublicJwk, registeredAt: Time });
const Keyset = z.object({ name: Name, orgId: OrgId, issuer: Name, keys: z.array(RegisteredKey), jwksUrl: JwksUrl.optional(), requireX5c: z.boolean().optional() });

const PreChatField = z.object({
  name: Name,
  type: z.enum(['Text', 'Email', 'Number', 'Phone', 'Checkbox', 'ChoiceList']),
  required: z.boolean(),
  maxLength: z.number().int().nonnegative(),
  isHidden: z.boolean(),
  order: z.number().int(),
  label: Text.optional(),
  choiceList: z.object({ id: Name, values: z.array(z.object({ id: Name, name: Text, isDefault: z.boolean() })) }).optional(),
});

const Deployment = z.object({
  name: Name,
  orgId: OrgId,
  channelAddressIdentifier: Name,
  keyset: Name.optional(),
  allowGuests: z.boolean(),
  preChatFields: z.array(PreChatField),
  allowTranscriptDownload: z.boolean(),
  preChatDisplayContext: z.enum(['Conversation', 'Session']).optional(),
  /** Checked as the config file and the control API check them. */
  autoResponses: AutoResponsesInput.optional(),
  parameterMapping: z.array(Name).optional(),
});

const Participant = z.object({ role: z.enum(['EndUser', 'Agent', 'Chatbot', 'System', 'Router', 'Supervisor']), appType: Text, subject: Text, clientIdentifier: Text });

const MessagingSession = z.object({
  id: Name,
  status: z.enum(['Waiting', 'Active', 'Inactive', 'Ended']),
  startedAt: Time,
  inactiveAt: Time.optional(),
  endedAt: Time.optional(),
  // ownRecord, not z.record: a "__proto__" attribute is a key like any other and must come back.
  routingAttributes: ownRecord(z.string(), 'must be an object of attribute names to string values'),
  unmappedAttributes: z.array(Text).optional(),
  queue: Text.optional(),
});

const Conversation = z.object({
  id: Name,
  orgId: OrgId,
  deployment: Name,
  subject: Name,
  endUserDisplayName: Text,
  status: z.enum(['OPEN', 'CLOSED']),
  routingStatus: z.enum(['INITIAL', 'NEEDS_ROUTING', 'ROUTED', 'TRANSFER']),
  startTimestamp: Time,
  endTimestamp: Time,
  language: Text.optional(),
  sessions: z.array(MessagingSession),
  agents: z.array(Participant.extend({ displayName: Text })),
  entries: z.array(ImportedEntry),
});

const StoredEvent = z.object({ id: z.number().int().positive(), subject: Name, conversationId: Text, event: Name, data: Text });

const Events = z
  .object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), events: z.array(StoredEvent) })
  .superRefine(({ seq, events }, check) => {
    // Ids are handed out from seq on: below the newest id kept, ids would repeat and Last-Event-ID replay would skip or repeat events.
    let previous = 0;
    for (const [i, event] of events.entries()) {
      if (event.id <= previous) check.addIssue({ code: 'custom', path: ['events', i, 'id'], message: `must be greater than the id before it (${previous}): event ids increase` });
      previous = Math.max(previous, event.id);
    }
    if (seq < previous) check.addIssue({ code: 'custom', path: ['seq'], message: `must be at least ${previous}, the highest event id in events.events` });
  });

const TokenCutoff = z.object({ kind: z.enum(['expired', 'revoked']), subject: Text.optional(), at: Time });

export const StateFile = z
  .object({
    format: z.literal(STATE_FORMAT, { error: `must be "${STATE_FORMAT}" (a file written by GET /__sim/v1/state or --export-on-exit)` }),
    orgs: z.array(Org),
    deployments: z.array(Deployment),
    keysets: z.array(Keyset),
    conversations: z.array(Conversation),
    events: Events,
    revokedTokens: z.array(Text),
    /** Absent in exports written before token faults existed. */
    tokenCutoffs: z.array(TokenCutoff).optional(),
    /** Queues, reps and who holds what (absent in exports written before it was kept). */
    routing: RoutingSnapshot.optional(),
    /**
     * How far simulated time was ahead of real time (`POST /__sim/v1/clock/advance`), bounded like an
     * advance; negative when it was behind (a `ManualClock` set in the past, or simply made a moment
     * before the export), which imports again: time never moves back, so it only stops a move forward.
     */
    /** Email Cases: connected apps, integration users, Case and EmailMessage records, the outbox (absent in exports written before they were kept). */
    salesforce: SalesforceState.optional(),
    clock: z.object({ offsetMs: z.number().min(-MAX_CLOCK_MS, `must be at most ten years behind (-${MAX_CLOCK_MS} ms)`).max(MAX_CLOCK_MS, `must be at most ten years (${MAX_CLOCK_MS} ms)`) }).optional(),
  })
  .superRefine((state, check) => {
    // What refers to what: a deployment, keyset or conversation in an org the file does not declare
    // (or a deployment whose keyset is missing) would fail at the first request that needs it.
    const orgs = new Set(state.orgs.map((o) => o.id));
    const keysets = new Set(state.keysets.map((k) => `${k.orgId}/${k.name}`));
    const deployments = new Set(state.deployments.map((d) => `${d.orgId}/${d.name}`));
    const unknownOrg = (orgId: string) => `no org "${orgId}" is declared in orgs`;
    for (const [i, k] of state.keysets.entries()) if (!orgs.has(k.orgId)) check.addIssue({ code: 'custom', path: ['keysets', i, 'orgId'], message: unknownOrg(k.orgId) });
    for (const [i, d] of state.deployments.entries()) {
      if (!orgs.has(d.orgId)) check.addIssue({ code: 'custom', path: ['deployments', i, 'orgId'], message: unknownOrg(d.orgId) });
      if (d.keyset !== undefined && !keysets.has(`${d.orgId}/${d.keyset}`)) check.addIssue({ code: 'custom', path: ['deployments', i, 'keyset'], message: `no keyset "${d.keyset}" is declared for org ${d.orgId} in keysets` });
    }
    for (const [i, c] of state.conversations.entries()) {
      if (!deployments.has(`${c.orgId}/${c.deployment}`)) check.addIssue({ code: 'custom', path: ['conversations', i, 'deployment'], message: `no deployment "${c.deployment}" is declared for org ${c.orgId} in deployments` });
    }
    if (state.salesforce) checkSalesforceRefs(state.salesforce, orgs, check);
  });

/**
 * A state export as written: the schema's input, but for the entries' MIAW payloads, which
 * `serialize/entries.ts` writes as JSON objects (the schema reads them back field by field; the
 * round trip is tested).
 */
export type StateSnapshot = Omit<z.input<typeof StateFile>, 'conversations'> & { conversations: ExportedConversation[] };
/** A state export, checked: entries with typed fields, what the store is restored from. */
export type ImportedState = z.output<typeof StateFile>;
