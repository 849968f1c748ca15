import { assignKid, toPublicRsaJwk } from '../auth/publicKey.ts';
import type { RepConfig } from '../domain/reps/repSchema.ts';
import type { RoutingSeed } from '../domain/routing/omni.ts';
import { newRecordId } from '../shared/ids.ts';
import {
  DEFAULT_CONNECTED_APP,
  DEFAULT_CONSUMER_KEY,
  DEFAULT_DEPLOYMENT,
  DEFAULT_INTEGRATION_USER,
  DEFAULT_ISSUER,
  DEFAULT_KEYSET,
  DEFAULT_ORG_ID,
  HANDOFF_ROUTING_FIELDS,
  SESSION_EXTERNAL_ID_FIELD,
  hiddenField,
  type DirectorySeed,
} from '../store/seed.ts';

/** What a simulator starts with and returns to on reset: orgs, deployments, keysets, and optionally routing and reps. */
export interface Seed extends DirectorySeed, RoutingSeed<RepConfig> {}

/**
 * The embedded defaults: org `00DSIM000000001`, deployment `Sim_Web`, keyset `Sim_Keyset` with one
 * key; for Email Cases, connected app `Sim_Handoff_App` with the same key, its integration user, and
 * the External ID field `OpencxSessionId__c` on Case and EmailMessage.
 */
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
    connectedApps: [{ orgId: DEFAULT_ORG_ID, name: DEFAULT_CONNECTED_APP, consumerKey: DEFAULT_CONSUMER_KEY, publicJwk }],
    integrationUsers: [{ orgId: DEFAULT_ORG_ID, id: newRecordId('005'), username: DEFAULT_INTEGRATION_USER, name: 'Integration User', email: DEFAULT_INTEGRATION_USER }],
    customFields: (['Case', 'EmailMessage'] as const).map((sobject) => ({ sobject, name: SESSION_EXTERNAL_ID_FIELD, length: 255, externalId: true, unique: true })),
  };
  return { seed, kid };
}

