import { z } from 'zod';
import { JwksUrl } from '../auth/jwksKeys.ts';
import { RepConfig } from '../domain/reps/repSchema.ts';
import { RoutingConfig } from '../domain/routing/routingSchema.ts';
import { checkDeploymentSettings, deploymentSettingsShape } from './deploymentSchema.ts';
import { ConfigConnectedApp, ConfigIntegrationUser, CustomFieldInput } from './salesforceSetup.ts';

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'an API name: a letter, then letters, digits or underscores (max 80)');
const orgId = z.string().regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'a 15- or 18-character org id starting with 00D');

const KeyEntry = z
  .object({
    kid: z.string().regex(/^[\w.-]{1,100}$/, 'letters, digits, _ . - (max 100)').optional().describe('Auth Key ID; assigned from the key when left out'),
    publicKeyFile: z.string().min(1).optional().describe('Path to a PEM (SPKI) public key, relative to the config file'),
    publicKeyPem: z.string().min(1).optional().describe('PEM (SPKI) public key inline'),
    jwk: z.record(z.string(), z.unknown()).optional().describe('Public RSA JWK'),
  })
  .strict()
  .refine((k) => [k.publicKeyFile, k.publicKeyPem, k.jwk].filter(Boolean).length === 1, {
    message: 'give exactly one of publicKeyFile, publicKeyPem or jwk',
  });

/** `miaw-sim.config.json`: more orgs, keysets and deployments than the embedded defaults; routing and reps. */
export const ConfigFile = z
  .object({
    $schema: z.string().optional(),
    includeDefaults: z.boolean().optional().describe('Keep the default org 00DSIM000000001 / Sim_Web / Sim_Keyset (default true)'),
    orgs: z.array(z.object({ id: orgId, name: z.string().min(1).optional() }).strict()).optional(),
    keysets: z
      .array(
        z
          .object({
            orgId,
            name: apiName,
            issuer: z.string().min(1).describe('Must equal the iss claim of identity tokens'),
            keys: z.array(KeyEntry).optional(),
            jwksUrl: JwksUrl.optional().describe('Take the keys from this JSON Web Key Set URL (Setup\'s keyset type "Endpoint URL") instead of "keys"'),
            requireX5c: z.boolean().optional().describe('Keys must carry an x5c certificate of the key itself, valid for 10 more days at start-up (what Salesforce demands of uploaded keys)'),
          })
          .strict()
          .refine((k) => !(k.jwksUrl && k.keys?.length), { message: 'give either keys or jwksUrl, not both (a keyset is of type "Keys" or "Endpoint URL")', path: ['jwksUrl'] }),
      )
      .optional(),
    deployments: z
      .array(
        z
          .object({ orgId, name: apiName, ...deploymentSettingsShape })
          .strict()
          .superRefine(checkDeploymentSettings),
      )
      .optional(),
    routing: RoutingConfig.optional().describe('Queues, routing rules and office hours for every deployment (default: one always-open queue "Default")'),
    reps: z.array(RepConfig).optional().describe('Reps (human, or scripted with a script) taking work from the routing queues'),
    connectedApps: z
      .array(ConfigConnectedApp(orgId))
      .optional()
      .describe('Connected apps for the OAuth 2.0 JWT bearer grant of Email Cases (certificatePem, publicKeyPem or certificateFile)'),
    integrationUsers: z.array(ConfigIntegrationUser(orgId)).optional().describe('Users a JWT bearer assertion may name as sub'),
    customFields: z.array(CustomFieldInput).optional().describe('Custom fields of Case and EmailMessage in every org (an External ID field to upsert by, say)'),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigFile>;

/** The JSON Schema editors use (committed as miaw-sim.config.schema.json; a test keeps it in sync). */
export const configJsonSchema = () => z.toJSONSchema(ConfigFile, { io: 'input' });
