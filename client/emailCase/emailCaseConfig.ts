import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { url } from '../configUrl.ts';

/**
 * How the handoff opens Email Cases (the `emailCase` section of the handoff configuration): the
 * connected app and integration user of the OAuth 2.0 JWT bearer grant, and how a session's
 * routing attributes become Case fields.
 */
export const EmailCaseConfigSchema = z.object({
  /** Where the JWT bearer grant is asked for, and the assertion's `aud`: https://login.salesforce.com, https://test.salesforce.com, or the My Domain URL (the simulator's URL). */
  loginUrl: url,
  /** The connected app's consumer key (the assertion's `iss`). */
  consumerKey: z.string().min(1, "is required: the connected app's consumer key"),
  /** The integration user's username (the assertion's `sub`), pre-authorized for the app. */
  username: z.string().min(1, "is required: the integration user's username"),
  /** PEM (PKCS#8) private key of the certificate uploaded to the connected app. */
  privateKeyPem: z.string().superRefine((pem, ctx) => {
    const problem = privateKeyProblem(pem);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** REST API version (`62.0`); 46.0 or later, where an upsert that updates still answers with the record's id. */
  apiVersion: z
    .string()
    .regex(/^\d{2,3}\.0$/, 'must be an API version such as 62.0')
    .refine((v) => Number.parseFloat(v) >= 46, 'must be 46.0 or later: from then on an upsert answers with the record id whether it created or updated')
    .default('62.0'),
  /** External ID field on Case and EmailMessage the session id is upserted by, so a retry never makes a second case. */
  externalIdField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, 'must be a custom field API name ending in __c').default('OpencxSessionId__c'),
  /** Case.Origin of the cases opened. */
  origin: z.string().min(1).max(40).default('Email'),
  /**
   * Routing attribute -> Case field: the same attributes a messaging handoff routes by, on the case.
   * Attributes left out of the map are listed at the end of the case's Description.
   */
  fieldMap: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a routing attribute name'), z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a Case field API name')).default({ Priority: 'Priority' }),
  /** How far ahead the assertion's `exp` is: Salesforce takes at most 3 minutes. */
  assertionTtlSeconds: z.number().int().min(10).max(180, 'must be at most 180: Salesforce refuses an assertion expiring more than 3 minutes ahead').default(170),
});

export type EmailCaseConfigInput = z.input<typeof EmailCaseConfigSchema>;
export type EmailCaseConfig = z.output<typeof EmailCaseConfigSchema>;

function privateKeyProblem(pem: string): string | undefined {
  if (!pem.trim()) return "is required: the PEM (PKCS#8) private key of the connected app's certificate";
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return `must be an RSA key (RS256); this one is ${key.asymmetricKeyType}`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits < 2048 ? `is an RSA key of ${bits} bits; at least 2048 are required` : undefined;
  } catch {
    return "is not a PEM private key (PKCS#8): give the private key of the certificate uploaded to the connected app";
  }
}
