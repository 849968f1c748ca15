import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { JwksUrl } from '../auth/jwksKeys.ts';
import { RoutingSnapshot } from '../domain/reps/routingSnapshot.ts';
import { exportConversation, ImportedEntry, type ExportedConversation } from '../serialize/stateEntries.ts';
import { checkAgainst } from '../shared/validation.ts';
import type { StoreSnapshot } from '../store/store.ts';
import type { Conversation } from '../store/types.ts';
import type { SimContext } from './context.ts';

const FORMAT = 'miaw-sim-state/1';

/**
 * The whole state as `GET /__sim/v1/state` and `--export-on-exit` write it: the store (entries with
 * their MIAW payloads), routing (queues, reps, who holds what) and how far the simulated clock was
 * moved ahead.
 */
export interface StateSnapshot extends Omit<StoreSnapshot, 'conversations'> {
  format: typeof FORMAT;
  /** Queues, reps and who holds what (absent in exports written before it was kept). */
  routing?: RoutingSnapshot;
  /** How far simulated time was ahead of real time (`POST /__sim/v1/clock/advance`). */
  clock?: { offsetMs: number };
  conversations: ExportedConversation[];
}

/** A state export, checked: what `--import` and `startSimulator({ state })` start from. */
export type ImportedState = Omit<StateSnapshot, 'conversations'> & { conversations: Conversation[] };

export const exportState = (ctx: SimContext): StateSnapshot => {
  const { conversations, ...store } = ctx.store.export();
  return { format: FORMAT, ...store, conversations: conversations.map(exportConversation), routing: ctx.routing.snapshot(), clock: { offsetMs: ctx.clock.offsetMs } };
};

const StateFile = z.object({
  format: z.literal(FORMAT, { error: `must be "${FORMAT}" (a file written by GET /__sim/v1/state or --export-on-exit)` }),
  orgs: z.array(z.object({ id: z.string(), name: z.string() })),
  deployments: z.array(z.object({ name: z.string(), orgId: z.string() }).passthrough()),
  keysets: z.array(
    z.object({
      name: z.string(),
      orgId: z.string(),
      issuer: z.string(),
      keys: z.array(z.object({ kid: z.string() }).passthrough()),
      jwksUrl: JwksUrl.optional(),
      requireX5c: z.boolean().optional(),
    }),
  ),
  conversations: z.array(z.object({ id: z.string(), subject: z.string(), entries: z.array(ImportedEntry) }).passthrough()),
  events: z.object({ seq: z.number().int().nonnegative(), events: z.array(z.object({ id: z.number(), subject: z.string() }).passthrough()) }),
  revokedTokens: z.array(z.string()),
  routing: RoutingSnapshot.optional(),
  clock: z.object({ offsetMs: z.number().nonnegative() }).optional(),
  tokenCutoffs: z.array(z.object({ kind: z.enum(['expired', 'revoked']), subject: z.string().optional(), at: z.number() })).optional(),
});

/** Check a state export (parsed JSON); the error names the field that is wrong. */
export function importState(json: unknown, source = 'state'): ImportedState {
  const checked = checkAgainst(StateFile, json);
  if (!checked.ok) throw new Error(`[miaw-sim] Cannot import ${source}: ${checked.field}: ${checked.expected}`);
  return checked.data as unknown as ImportedState;
}

/** Read a state export for `--import`; a bad file is named with the field that is wrong. */
export function readStateFile(file: string): ImportedState {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`[miaw-sim] Cannot import ${file}: ${(err as Error).message}`);
  }
  return importState(json, file);
}

export function writeStateFile(file: string, state: StateSnapshot): void {
  writeFileSync(file, JSON.stringify(state, null, 2));
}
