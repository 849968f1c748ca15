import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { url } from './configUrl.ts';
import { EmailCaseConfigSchema } from './emailCase/emailCaseConfig.ts';
import { HandoffConfigError } from './errors.ts';
import { settingsError } from './settings/parseSettings.ts';
import { HandoffSettingsSchema } from './settings/settingsSchema.ts';
import { RenderConfigSchema } from './render/renderConfig.ts';

/** What a handoff needs to reach an org (or the simulator). Validated by `parseHandoffConfig`. */
export const HandoffConfigSchema = z
  .object({
    /** `https://<domain>.my.salesforce.com`; the messaging URL is derived from it unless given. */
    instanceUrl: url.optional(),
    /** `https://<domain>.my.salesforce-scrt.com`, or the simulator's URL. */
    messagingUrl: url.optional(),
    orgId: z.string().regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, 'must be a 15- or 18-character org id starting with 00D'),
    esDeveloperName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be the deployment API name (letters, digits, underscores)'),
    authPublicKeyPem: z.string().min(1, 'is required: the PEM (SPKI) public key registered in Salesforce'),
    authPrivateKeyPem: z.string().min(1, 'is required: the PEM (PKCS#8) private key'),
    authKeyId: z.string().min(1, 'is required: the Auth Key ID Salesforce shows for the registered key'),
    issuer: z.string().min(1, 'is required: the issuer of the user-verification keyset'),
    retry: z
      .object({
        retries: z.number().int().min(0).max(10).default(3),
        baseDelayMs: z.number().int().min(0).default(500),
        maxDelayMs: z.number().int().min(0).default(10_000),
      })
      .prefault({}),
    transcript: z
      .object({ maxChars: z.number().int().min(200).default(10_000), overflow: z.enum(['split', 'truncate']).default('split') })
      .prefault({}),
    /** Extra routing attributes: attribute name -> `contact.<field>` or `session.<field>`. */
    routingAttributeMap: z.record(z.string(), z.string()).default({}),
    identityTokenTtlSeconds: z.number().int().min(30).max(3600).default(300),
    /** How the identity token is signed: Salesforce's user verification accepts RS256 and RS512. */
    identityTokenAlg: z.enum(['RS256', 'RS512'], { error: 'must be RS256 or RS512 (what Salesforce user verification accepts)' }).default('RS256'),
    requestTimeoutMs: z.number().int().min(100).default(15_000),
    /** The largest file `sendFile` sends (bytes): Salesforce's clients hold uploads to 5 MB; a larger one is refused before any request. */
    fileMaxBytes: z.number().int().min(1).default(5 * 1024 * 1024),
    /**
     * Read-idle time of the event stream: after this long without a single byte (Salesforce sends
     * a `ping` event about every 25 s when nothing else happens) the stream counts as dead and is
     * reconnected with `Last-Event-ID`, so no reply is lost. The default is a little over two ping
     * intervals, so one late ping is not taken for a dead stream.
     */
    streamIdleTimeoutMs: z.number().int().min(100).max(3_600_000, 'must be at most 3600000 (an hour)').default(55_000),
    /** How each channel shows rich rep messages (buttons, lists, numbered options): see docs/rich-messages.md. */
    rendering: RenderConfigSchema,
    capabilitiesVersion: z.string().default('1'),
    platform: z.string().default('Web'),
    /** Handoff settings: which channels hand off, priority and attribute rules, office hours (README, "Handoff settings"). */
    settings: HandoffSettingsSchema.optional(),
    /** Email Cases: the channel `email` (and whatever else is sent there) opens a Case over the REST API. */
    emailCase: EmailCaseConfigSchema.optional(),
  })
  .refine((c) => c.instanceUrl || c.messagingUrl, { message: 'give instanceUrl (https://<domain>.my.salesforce.com) or messagingUrl', path: ['instanceUrl'] });

export type HandoffConfigInput = z.input<typeof HandoffConfigSchema>;

export interface HandoffConfig extends z.output<typeof HandoffConfigSchema> {
  messagingUrl: string;
  privateKey: KeyObject;
}

/** `https://acme.my.salesforce.com` -> `https://acme.my.salesforce-scrt.com` (sandboxes alike). */
export function deriveMessagingUrl(instanceUrl: string): string | undefined {
  const u = new URL(instanceUrl);
  if (!u.hostname.endsWith('.my.salesforce.com')) return undefined;
  return `https://${u.hostname.replace(/\.my\.salesforce\.com$/, '.my.salesforce-scrt.com')}`;
}

const fail = (field: string, expected: string, hint = 'fix the configuration value named above') =>
  new HandoffConfigError({ step: 'configure', message: `Invalid handoff configuration: ${field} ${expected}`, hint });

/**
 * Validate a configuration: URLs, org id, and the key pair (RSA, at least 2048 bits, the private
 * key matching the public key). Errors name the field and never contain key material.
 */
export function parseHandoffConfig(input: unknown): HandoffConfig {
  const parsed = HandoffConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.path[0] === 'settings') throw settingsError(issue, issue.path.slice(1));
    throw fail(issue.path.join('.') || '(config)', issue.message);
  }
  const config = parsed.data;
  const messagingUrl = (config.messagingUrl ?? deriveMessagingUrl(config.instanceUrl!))?.replace(/\/+$/, '');
  if (!messagingUrl) throw fail('instanceUrl', 'is not a My Domain URL ending in .my.salesforce.com; give messagingUrl explicitly');
  if (/PRIVATE KEY-----/.test(config.authPublicKeyPem)) {
    throw fail('authPublicKeyPem', 'holds a private key; give the public key (SPKI PEM) there and keep the private key in authPrivateKeyPem');
  }
  const publicKey = readKey('authPublicKeyPem', () => createPublicKey(config.authPublicKeyPem), 'public');
  const privateKey = readKey('authPrivateKeyPem', () => createPrivateKey(config.authPrivateKeyPem), 'private');
  for (const [field, key] of [['authPublicKeyPem', publicKey], ['authPrivateKeyPem', privateKey]] as const) {
    if (key.asymmetricKeyType !== 'rsa') throw fail(field, `must be an RSA key (RS256); this one is ${key.asymmetricKeyType}`);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw fail(field, `is an RSA key of ${bits} bits; at least 2048 are required`);
  }
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!derived.equals(publicKey.export({ type: 'spki', format: 'der' }))) {
    throw fail('authPrivateKeyPem', 'does not match authPublicKeyPem', 'the private key must be the pair of the public key registered under the Auth Key ID; regenerate both with `miaw-sim keys generate` and register the new public key');
  }
  return { ...config, messagingUrl, privateKey };
}

function readKey(field: string, read: () => KeyObject, kind: 'public' | 'private'): KeyObject {
  try {
    const key = read();
    if (key.type !== kind) throw new Error('wrong kind');
    return key;
  } catch {
    throw fail(field, kind === 'public' ? 'is not a PEM public key ("-----BEGIN PUBLIC KEY-----", SPKI)' : 'is not a PEM private key (PKCS#8, as `miaw-sim keys generate` writes it)');
  }
}
