import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { toPublicRsaJwk } from '../auth/publicKey.ts';
import { newRecordId } from '../shared/ids.ts';
import type { ConnectedApp, IntegrationUser } from '../store/salesforceTypes.ts';

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'must be an API name: a letter, then letters, digits or underscores (max 80)');
/** Salesforce usernames look like email addresses. */
const username = z.string().regex(/^[^\s@]{1,80}@[^\s@]{1,200}$/, 'must be a username in the form of an email address (name@example.com)');

/** A connected app's fields, shared by the control API's body and the config file's entries. */
const connectedAppShape = {
  name: apiName.describe("The connected app's API name"),
  consumerKey: z.string().regex(/^[\w.-]{8,256}$/, 'must be 8 to 256 letters, digits, _ . -').optional().describe('The client_id (iss of assertions); generated when left out'),
  certificatePem: z.string().min(1).optional().describe('The X.509 certificate (PEM) uploaded under "Use digital signatures"'),
  publicKeyPem: z.string().min(1).optional().describe("Or the certificate's public key (PEM, SPKI)"),
  preAuthorizedUsers: z.array(username).max(1000).optional().describe('Usernames pre-authorized for the app; every user of the org when left out'),
};

/** Exactly one key source: a certificate, a public key (or, in the config file, a certificate file). */
const oneKey = (app: { certificatePem?: string; publicKeyPem?: string; certificateFile?: string }) => [app.certificatePem, app.publicKeyPem, app.certificateFile].filter(Boolean).length === 1;
const ONE_KEY = { message: 'give exactly one of certificatePem or publicKeyPem (or, in a config file, certificateFile)', path: ['certificatePem'] };

/** A connected app for the JWT bearer grant, as the control API registers one. */
export const ConnectedAppInput = z.object(connectedAppShape).strict().refine(oneKey, ONE_KEY);

const integrationUserShape = {
  username,
  name: z.string().min(1).max(121).optional(),
  email: z.string().regex(/^[^\s@]{1,80}@[^\s@]{1,200}$/, 'must be an email address').optional(),
};

/** An integration user, by username (unique across every org, as in Salesforce). */
export const IntegrationUserInput = z.object(integrationUserShape).strict();

/** The config file's entries: the same, with the org they belong to (and a certificate file for an app). */
export const ConfigConnectedApp = (orgId: z.ZodString) =>
  z
    .object({ orgId, ...connectedAppShape, certificateFile: z.string().min(1).optional().describe('Path to the certificate (PEM), relative to the config file') })
    .strict()
    .refine(oneKey, ONE_KEY);
export const ConfigIntegrationUser = (orgId: z.ZodString) => z.object({ orgId, ...integrationUserShape }).strict();

/** A custom field of Case or EmailMessage (API name ending in __c). */
export const CustomFieldInput = z
  .object({
    sobject: z.enum(['Case', 'EmailMessage']),
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}__c$/, 'must be a custom field API name ending in __c'),
    kind: z.enum(['string', 'textarea', 'email', 'boolean']).optional().describe('Default string'),
    length: z.number().int().min(1).max(131_072).optional().describe('Default 255'),
    externalId: z.boolean().optional().describe('An External ID field: upsert can match records by it'),
    unique: z.boolean().optional().describe('Unique: no two records of an org hold the same value (a second is DUPLICATE_VALUE)'),
    caseSensitive: z
      .boolean()
      .optional()
      .describe('With unique: "ABC" and "abc" are different values. Default false: they are one value, and upsert matches either (Salesforce matches case-insensitively only a Unique, case-insensitive field)'),
    required: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.caseSensitive === undefined || f.unique === true, { path: ['caseSensitive'], message: 'only a unique field says how it compares case: set unique: true too' });

export type ConnectedAppInput = z.infer<typeof ConnectedAppInput>;
export type IntegrationUserInput = z.infer<typeof IntegrationUserInput>;

/** A consumer key shaped like Salesforce's (`3MVG9...`). */
const newConsumerKey = () => `3MVG9${randomBytes(60).toString('base64url').replace(/[-_]/g, '.')}`;

/** The app an input declares, with its key read (a certificate's public key, or the key itself); throws a 400 naming the problem. */
export function buildConnectedApp(orgId: string, input: ConnectedAppInput): ConnectedApp {
  const pem = input.certificatePem ?? input.publicKeyPem ?? '';
  return {
    orgId,
    name: input.name,
    consumerKey: input.consumerKey ?? newConsumerKey(),
    publicJwk: toPublicRsaJwk({ pem }),
    ...(input.certificatePem ? { certificatePem: input.certificatePem } : {}),
    ...(input.preAuthorizedUsers ? { preAuthorizedUsers: input.preAuthorizedUsers } : {}),
  };
}

export function buildIntegrationUser(orgId: string, input: IntegrationUserInput): IntegrationUser {
  const local = input.username.slice(0, input.username.indexOf('@'));
  return { orgId, id: newRecordId('005'), username: input.username, name: input.name ?? local, email: input.email ?? input.username };
}
