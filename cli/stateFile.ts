import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { checkAgainst } from '../simulator/shared/checkAgainst.ts';
import { RoutingSnapshot } from '../simulator/domain/routing/routingSnapshot.ts';
import type { StateSnapshot } from '../simulator/store/store.ts';

const Snapshot = z.object({
  format: z.literal('miaw-sim-state/1', { error: 'must be "miaw-sim-state/1" (a file written by GET /__sim/v1/state or --export-on-exit)' }),
  orgs: z.array(z.object({ id: z.string(), name: z.string() })),
  deployments: z.array(z.object({ name: z.string(), orgId: z.string() }).passthrough()),
  keysets: z.array(z.object({ name: z.string(), orgId: z.string(), issuer: z.string(), keys: z.array(z.object({ kid: z.string() }).passthrough()) })),
  conversations: z.array(z.object({ id: z.string(), subject: z.string(), entries: z.array(z.unknown()) }).passthrough()),
  events: z.object({ seq: z.number().int().nonnegative(), events: z.array(z.object({ id: z.number(), subject: z.string() }).passthrough()) }),
  revokedTokens: z.array(z.string()),
  routing: RoutingSnapshot.optional(),
  clock: z.object({ offsetMs: z.number().nonnegative() }).optional(),
  tokenCutoffs: z.array(z.object({ kind: z.enum(['expired', 'revoked']), subject: z.string().optional(), at: z.number() })).optional(),
});

/** Read a state export for `--import`; a bad file is named with the field that is wrong. */
export function readStateFile(file: string): StateSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`[miaw-sim] Cannot import ${file}: ${(err as Error).message}`);
  }
  const checked = checkAgainst(Snapshot, json);
  if (!checked.ok) throw new Error(`[miaw-sim] Cannot import ${file}: ${checked.field}: ${checked.expected}`);
  return json as StateSnapshot;
}

export function writeStateFile(file: string, state: StateSnapshot): void {
  writeFileSync(file, JSON.stringify(state, null, 2));
}
