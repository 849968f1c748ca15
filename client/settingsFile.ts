import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseHandoffSettings } from './settings/parseSettings.ts';
import type { HandoffSettingsInput } from './settings/settingsSchema.ts';

/** A handoff configuration as saved: plain strings, validated later by the client's config schema. */
export interface StoredSettingsInput {
  instanceUrl?: string;
  messagingUrl?: string;
  orgId: string;
  esDeveloperName: string;
  authPublicKeyPem: string;
  authPrivateKeyPem: string;
  authKeyId: string;
  issuer: string;
  /** Handoff settings (rules and office hours): stored in clear, authenticated with the key like the other fields. */
  settings?: HandoffSettingsInput;
}

export type DecryptedSettings = StoredSettingsInput;

/** What a settings file shows without its secret: every field, the private key only as a preview. */
export interface SettingsSummary extends Omit<StoredSettingsInput, 'authPrivateKeyPem'> {
  format: typeof SETTINGS_FORMAT;
  /** The PEM header line and the length, e.g. `-----BEGIN … KEY----- …[redacted, 1704 chars]`: never any of the key itself. */
  authPrivateKeyPreview: string;
  privateKeyEncrypted: true;
}

/** Where the encryption passphrase comes from: given directly, or the value of an environment variable. */
export type SettingsSecret = { passphrase: string } | { envVar: string };

export const SETTINGS_FORMAT = 'miaw-handoff-settings/1';
const PUBLIC_FIELDS = ['instanceUrl', 'messagingUrl', 'orgId', 'esDeveloperName', 'authPublicKeyPem', 'authKeyId', 'issuer'] as const;
const OPTIONAL = new Set<string>(['instanceUrl', 'messagingUrl']);
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const DECRYPT_FAILED = '[miaw-handoff] Cannot decrypt the private key: wrong passphrase or the file was modified.';

type PublicFields = Omit<StoredSettingsInput, 'authPrivateKeyPem' | 'settings'>;
interface EncryptedKey { alg: 'aes-256-gcm'; kdf: 'scrypt'; salt: string; iv: string; tag: string; ciphertext: string; preview: string }
interface SettingsFile extends PublicFields { format: typeof SETTINGS_FORMAT; settings?: HandoffSettingsInput; privateKey: EncryptedKey }

/** Writes the settings (mode 0600, atomically); the private key is encrypted with AES-256-GCM. */
export async function saveSettings(file: string, settings: StoredSettingsInput, secret: SettingsSecret): Promise<void> {
  const fields = pickPublicFields(settings as unknown as Record<string, unknown>, 'settings');
  const handoffSettings = checkedHandoffSettings(settings.settings === undefined ? undefined : JSON.parse(JSON.stringify(settings.settings)), file);
  const pem = settings.authPrivateKeyPem;
  if (typeof pem !== 'string' || !pem.trim()) throw new Error('[miaw-handoff] settings.authPrivateKeyPem is missing: give the Auth private key (PEM).');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const preview = previewKey(pem);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(secret, salt), iv);
  cipher.setAAD(additionalData(fields, preview, handoffSettings));
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  const privateKey: EncryptedKey = {
    alg: 'aes-256-gcm', kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64'), preview,
  };
  const content: SettingsFile = { format: SETTINGS_FORMAT, ...fields, ...(handoffSettings === undefined ? {} : { settings: handoffSettings }), privateKey };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Reads the settings back with the private key decrypted. */
export async function loadSettings(file: string, secret: SettingsSecret): Promise<DecryptedSettings> {
  const stored = parseSettings(await readFile(file, 'utf8').catch((error: unknown) => noFile(error, file)), file);
  const { privateKey, format: _format, settings, ...fields } = stored;
  const key = await deriveKey(secret, Buffer.from(privateKey.salt, 'base64'));
  const iv = Buffer.from(privateKey.iv, 'base64');
  const tag = Buffer.from(privateKey.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16) throw new Error(DECRYPT_FAILED);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAuthTag(tag);
    decipher.setAAD(additionalData(fields, privateKey.preview, settings));
    const pem = Buffer.concat([decipher.update(Buffer.from(privateKey.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    return { ...fields, ...(settings === undefined ? {} : { settings }), authPrivateKeyPem: pem };
  } catch {
    // Deliberately no cause: nothing from the decryption attempt travels with the error.
    throw new Error(DECRYPT_FAILED);
  }
}

/** Every field of a settings file, no secret needed; the private key only as a redacted preview. */
export function describeSettings(file: string): SettingsSummary {
  const { privateKey, ...rest } = parseSettings(readSync(file), file);
  return { ...rest, authPrivateKeyPreview: privateKey.preview, privateKeyEncrypted: true };
}

/** Removes the settings file (disconnect). Resolves `false` when there was none. */
export async function deleteSettings(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function noFile(error: unknown, file: string): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`[miaw-handoff] No settings file at ${file}: save the settings first.`);
  throw error;
}

function readSync(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return noFile(error, file);
  }
}

function parseSettings(text: string, file: string): SettingsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`[miaw-handoff] ${file} is not valid JSON: it was modified or is not a settings file.`);
  }
  const record = (data ?? {}) as Record<string, unknown>;
  if (record.format !== SETTINGS_FORMAT) {
    throw new Error(`[miaw-handoff] ${file} is not a ${SETTINGS_FORMAT} file (its format is ${JSON.stringify(record.format ?? null)}): save the settings again.`);
  }
  const fields = pickPublicFields(record, file);
  const key = (record.privateKey ?? {}) as Record<string, unknown>;
  const parts = ['salt', 'iv', 'tag', 'ciphertext', 'preview'] as const;
  if (key.alg !== 'aes-256-gcm' || key.kdf !== 'scrypt' || parts.some((part) => typeof key[part] !== 'string')) {
    throw new Error(`[miaw-handoff] ${file}: privateKey is not an aes-256-gcm/scrypt record: it was modified; save the settings again.`);
  }
  const settings = checkedHandoffSettings(record.settings, file);
  return { format: SETTINGS_FORMAT, ...fields, ...(settings === undefined ? {} : { settings }), privateKey: key as unknown as EncryptedKey };
}

/** Handoff settings as stored (the input, not the parsed defaults), checked so a bad one names its field and the file. */
function checkedHandoffSettings(value: unknown, file: string): HandoffSettingsInput | undefined {
  if (value === undefined) return undefined;
  parseHandoffSettings(value, file);
  return value as HandoffSettingsInput;
}

/** Only the known public fields are kept; a wrong one is named, its value never shown. */
function pickPublicFields(from: Record<string, unknown>, where: string): PublicFields {
  const fields: Record<string, string> = {};
  for (const name of PUBLIC_FIELDS) {
    const value = from[name];
    if (value === undefined && OPTIONAL.has(name)) continue;
    if (typeof value !== 'string' || !value.trim()) throw new Error(`[miaw-handoff] ${where}: ${name} is missing or not a string.`);
    fields[name] = value;
  }
  return fields as unknown as PublicFields;
}

/** The public fields (and handoff settings, when given) are authenticated with the key, so editing them in the file is detected too. */
function additionalData(fields: PublicFields, preview: string, settings: unknown): Buffer {
  return Buffer.from(JSON.stringify([SETTINGS_FORMAT, ...PUBLIC_FIELDS.map((name) => fields[name] ?? null), preview, ...(settings === undefined ? [] : [settings])]));
}

function previewKey(pem: string): string {
  const header = /^\s*(-----BEGIN [A-Z0-9 ]+-----)/.exec(pem)?.[1];
  return `${header ? `${header} ` : ''}…[redacted, ${pem.length} chars]`;
}

async function deriveKey(secret: SettingsSecret, salt: Buffer): Promise<Buffer> {
  return scryptAsync(passphraseOf(secret).normalize('NFC'), salt, 32, SCRYPT);
}

function passphraseOf(secret: SettingsSecret): string {
  if ('envVar' in secret && typeof secret.envVar === 'string') {
    const value = process.env[secret.envVar];
    if (!value) throw new Error(`[miaw-handoff] The environment variable ${secret.envVar} is not set or empty: set it to the passphrase that encrypts the private key.`);
    return value;
  }
  if ('passphrase' in secret && typeof secret.passphrase === 'string' && secret.passphrase) return secret.passphrase;
  throw new Error('[miaw-handoff] No passphrase: give { passphrase } or { envVar } naming the environment variable that holds it.');
}

function scryptAsync(password: BinaryLike, salt: BinaryLike, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}
