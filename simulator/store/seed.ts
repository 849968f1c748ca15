import { calculateJwkThumbprint, type JWK } from 'jose';
import { toPublicRsaJwk } from '../auth/publicKey.ts';
import type { RoutingSeed } from '../domain/routing/omni.ts';
import type { Store } from './store.ts';
import type { Deployment, Keyset, Org, PreChatField } from './types.ts';

/** The orgs, deployments and keysets (and optionally routing and reps) a simulator starts with and returns to on reset. */
export interface Seed extends RoutingSeed {
  orgs: Org[];
  deployments: Deployment[];
  keysets: Keyset[];
}

export const DEFAULT_ORG_ID = '00DSIM000000001';
export const DEFAULT_DEPLOYMENT = 'Sim_Web';
export const DEFAULT_KEYSET = 'Sim_Keyset';
export const DEFAULT_ISSUER = 'miaw-sim';

/** Hidden pre-chat fields the handoff client fills as routing attributes. */
export const HANDOFF_ROUTING_FIELDS = ['OpencxSessionId', 'Chat_Consumer_Type', 'Origin', 'Priority', 'Chat_language', 'Channel'];

export const hiddenField = (name: string, order: number): PreChatField => ({
  name,
  type: 'Text',
  required: false,
  maxLength: 255,
  isHidden: true,
  order,
});

/** The Auth Key ID the simulator assigns to a key: stable for the same key, so restarts keep it. */
export async function assignKid(publicJwk: JWK): Promise<string> {
  return `miaw-sim-${(await calculateJwkThumbprint(publicJwk, 'sha256')).slice(0, 12)}`;
}

/** The embedded defaults: org `00DSIM000000001`, deployment `Sim_Web`, keyset `Sim_Keyset` with one key. */
export async function defaultSeed(publicKeyPem: string, now: number): Promise<{ seed: Seed; kid: string }> {
  const publicJwk = toPublicRsaJwk({ pem: publicKeyPem });
  const kid = await assignKid(publicJwk);
  const seed: Seed = {
    orgs: [{ id: DEFAULT_ORG_ID, name: 'miaw-sim default org' }],
    deployments: [
      {
        name: DEFAULT_DEPLOYMENT,
        orgId: DEFAULT_ORG_ID,
        channelAddressIdentifier: 'c0ffee00-5151-4a11-8000-000000000001',
        keyset: DEFAULT_KEYSET,
        allowGuests: true,
        preChatFields: HANDOFF_ROUTING_FIELDS.map((name, i) => hiddenField(name, i + 1)),
        allowTranscriptDownload: true,
      },
    ],
    keysets: [
      {
        name: DEFAULT_KEYSET,
        orgId: DEFAULT_ORG_ID,
        issuer: DEFAULT_ISSUER,
        keys: [{ kid, alg: 'RS256', publicJwk, registeredAt: now }],
      },
    ],
  };
  return { seed, kid };
}

/** Replace the directory with the seed (conversations are left to the caller). */
export function applySeed(store: Store, seed: Seed): void {
  store.directory.restore(structuredClone(seed));
}
