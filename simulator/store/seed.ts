import type { Store } from './store.ts';
import type { Deployment, Keyset, Org, PreChatField } from './types.ts';

/** The orgs, deployments and keysets a simulator starts with and returns to on reset. */
export interface DirectorySeed {
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

/** Replace the directory with the seed (conversations are left to the caller). */
export function applySeed(store: Store, seed: DirectorySeed): void {
  store.directory.restore(structuredClone({ orgs: seed.orgs, deployments: seed.deployments, keysets: seed.keysets }));
}
