import type { SalesforceSeed } from './salesforceRecords.ts';
import type { Store } from './store.ts';
import type { Deployment, Keyset, Org, PreChatField } from './types.ts';

/** The orgs, deployments and keysets a simulator starts with and returns to on reset. */
export interface DirectorySeed extends SalesforceSeed {
  orgs: Org[];
  deployments: Deployment[];
  keysets: Keyset[];
}

export const DEFAULT_ORG_ID = '00DSIM000000001';
export const DEFAULT_DEPLOYMENT = 'Sim_Web';
export const DEFAULT_KEYSET = 'Sim_Keyset';
export const DEFAULT_ISSUER = 'miaw-sim';
/** The default connected app (JWT bearer grant of Email Cases) and the integration user it is pre-authorized for. */
export const DEFAULT_CONNECTED_APP = 'Sim_Handoff_App';
export const DEFAULT_CONSUMER_KEY = '3MVG9miawsim.default.connected.app.consumer.key';
export const DEFAULT_INTEGRATION_USER = 'integration@miaw-sim.invalid';
/** The External ID field the handoff client upserts cases (and their transcript email) by. */
export const SESSION_EXTERNAL_ID_FIELD = 'OpencxSessionId__c';

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
  store.salesforce.restoreSetup(seed);
}
