import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../helpers/tempDir.ts';
import { SETTINGS_FORMAT, deleteSettings, describeSettings, loadSettings, saveSettings, type StoredSettingsInput } from '../../client/settingsFile.ts';

const PASS = { passphrase: 'correct horse battery staple' };
const DECRYPT_FAILED = '[miaw-handoff] Cannot decrypt the private key: wrong passphrase or the file was modified.';
let settings: StoredSettingsInput;
let dir: string;
let file: string;
/** One saved file, copied into each tampering test: scrypt is deliberately slow. */
let template: string;
/** Every message and stack a failure produced, checked at the end for key material. */
const seen: string[] = [];

async function failure(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    seen.push(String((error as Error).message), String((error as Error).stack));
    return error as Error;
  }
  throw new Error('expected a failure');
}

const readJson = () => JSON.parse(readFileSync(file, 'utf8'));
const rewrite = (edit: (json: any) => void) => {
  const json = readJson();
  edit(json);
  writeFileSync(file, JSON.stringify(json));
};
const flipBase64 = (value: string) => {
  const bytes = Buffer.from(value, 'base64');
  bytes[0]! ^= 1;
  return bytes.toString('base64');
};

beforeAll(async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  settings = {
    instanceUrl: 'https://acme.my.salesforce.com',
    orgId: '00DSIM000000001',
    esDeveloperName: 'Web_Handoff',
    authPublicKeyPem: publicKey,
    authPrivateKeyPem: privateKey,
    authKeyId: 'k1',
    issuer: 'https://bot.example.com',
  };
  const templateDir = tempDir('miaw-settings');
  await saveSettings(join(templateDir, 'template.json'), settings, PASS);
  template = readFileSync(join(templateDir, 'template.json'), 'utf8');
});

beforeEach(() => {
  dir = tempDir('miaw-settings');
  file = join(dir, 'nested', 'handoff.json');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('saveSettings / loadSettings', () => {
  it('round-trips the settings with a passphrase', async () => {
    await saveSettings(file, settings, PASS);
    expect(await loadSettings(file, PASS)).toEqual(settings);
  });

  it('round-trips the settings with the passphrase in an environment variable', async () => {
    vi.stubEnv('MIAW_SETTINGS_KEY', 'from the environment');
    await saveSettings(file, settings, { envVar: 'MIAW_SETTINGS_KEY' });
    expect(await loadSettings(file, { envVar: 'MIAW_SETTINGS_KEY' })).toEqual(settings);
    expect(await loadSettings(file, { passphrase: 'from the environment' })).toEqual(settings);
  });

  it.each([undefined, ''])('names a missing or empty environment variable (%j)', async (value) => {
    vi.stubEnv('MIAW_SETTINGS_KEY', value);
    const error = await failure(() => saveSettings(file, settings, { envVar: 'MIAW_SETTINGS_KEY' }));
    expect(error.message).toBe('[miaw-handoff] The environment variable MIAW_SETTINGS_KEY is not set or empty: set it to the passphrase that encrypts the private key.');
  });

  it('refuses an empty passphrase', async () => {
    expect((await failure(() => saveSettings(file, settings, { passphrase: '' }))).message).toMatch(/No passphrase/);
  });

  it('writes the documented format, readable only by its owner, with a fresh salt and IV each time', async () => {
    // `file` sits in a folder that does not exist yet: saving creates it.
    await saveSettings(file, settings, PASS);
    const first = readJson();
    expect(Object.keys(first)).toEqual(['format', 'instanceUrl', 'orgId', 'esDeveloperName', 'authPublicKeyPem', 'authKeyId', 'issuer', 'privateKey']);
    expect(first).toMatchObject({ format: SETTINGS_FORMAT, orgId: '00DSIM000000001', authPublicKeyPem: settings.authPublicKeyPem });
    expect(first.privateKey).toMatchObject({ alg: 'aes-256-gcm', kdf: 'scrypt' });
    expect(Buffer.from(first.privateKey.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.privateKey.tag, 'base64')).toHaveLength(16);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, '{}', { mode: 0o644 }); // an existing, wider file is replaced, not reused
    await saveSettings(file, settings, PASS);
    const second = readJson();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(second.privateKey.salt).not.toBe(first.privateKey.salt);
    expect(second.privateKey.iv).not.toBe(first.privateKey.iv);
    expect(second.privateKey.ciphertext).not.toBe(first.privateKey.ciphertext);
  });

  it.each(['orgId', 'esDeveloperName', 'authPublicKeyPem', 'authKeyId', 'issuer', 'authPrivateKeyPem'] as const)('names a missing %s', async (field) => {
    const error = await failure(() => saveSettings(file, { ...settings, [field]: '' }, PASS));
    expect(error.message).toContain(field);
    expect(error.message).toContain('is missing');
  });
});

describe('wrong passphrase or a modified file', () => {
  beforeEach(() => {
    mkdirSync(dirname(file));
    writeFileSync(file, template, { mode: 0o600 });
  });

  it('refuses the wrong passphrase with a clear error', async () => {
    expect((await failure(() => loadSettings(file, { passphrase: 'wrong' }))).message).toBe(DECRYPT_FAILED);
  });

  it.each<[string, (json: any) => void]>([
    ['a ciphertext byte', (j) => (j.privateKey.ciphertext = flipBase64(j.privateKey.ciphertext))],
    ['the auth tag', (j) => (j.privateKey.tag = flipBase64(j.privateKey.tag))],
    ['a short auth tag', (j) => (j.privateKey.tag = j.privateKey.tag.slice(0, 8))],
    ['the IV', (j) => (j.privateKey.iv = flipBase64(j.privateKey.iv))],
    ['the salt', (j) => (j.privateKey.salt = flipBase64(j.privateKey.salt))],
    ['the org id', (j) => (j.orgId = '00DSIM000000002')],
    ['the issuer', (j) => (j.issuer = 'https://attacker.example.com')],
    ['an added messaging URL', (j) => (j.messagingUrl = 'https://attacker.example.com')],
    ['the key preview', (j) => (j.privateKey.preview = 'x')],
  ])('detects a change to %s', async (_what, edit) => {
    rewrite(edit);
    expect((await failure(() => loadSettings(file, PASS))).message).toBe(DECRYPT_FAILED);
  });

  it.each<[string, (json: any) => unknown, RegExp]>([
    ['not JSON', () => undefined, /is not valid JSON: it was modified or is not a settings file/],
    ['another format', () => ({ format: 'other/2' }), /is not a miaw-handoff-settings\/1 file \(its format is "other\/2"\)/],
    ['without its private key', ({ privateKey: _key, ...json }) => json, /privateKey is not an aes-256-gcm\/scrypt record/],
    ['using another cipher', (json) => ({ ...json, privateKey: { ...json.privateKey, alg: 'aes-128-cbc' } }), /privateKey is not an aes-256-gcm\/scrypt record/],
    ['with a field of the wrong type', (json) => ({ ...json, orgId: 42 }), /orgId is missing or not a string/],
  ])('says what is wrong with a file %s', async (_what, edit, message) => {
    const edited = edit(readJson());
    writeFileSync(file, edited === undefined ? '{"format": ' : JSON.stringify(edited));
    expect((await failure(() => loadSettings(file, PASS))).message).toMatch(message);
    expect((await failure(() => describeSettings(file))).message).toMatch(message);
  });
});

describe('describeSettings / deleteSettings', () => {
  it('shows every field without a secret, the private key only as a redacted preview', async () => {
    await saveSettings(file, settings, PASS);
    const { authPrivateKeyPem, ...shown } = settings;
    expect(describeSettings(file)).toEqual({
      format: SETTINGS_FORMAT,
      ...shown,
      authPrivateKeyPreview: `${authPrivateKeyPem.split('\n')[0]} …[redacted, ${authPrivateKeyPem.length} chars]`,
      privateKeyEncrypted: true,
    });
  });

  it('previews a key that is not PEM-shaped by its length alone', async () => {
    await saveSettings(file, { ...settings, authPrivateKeyPem: 'not-a-pem-but-secret' }, PASS);
    expect(describeSettings(file).authPrivateKeyPreview).toBe('…[redacted, 20 chars]');
  });

  it('deletes the file, and says when there was none to delete', async () => {
    await saveSettings(file, settings, PASS);
    expect(await deleteSettings(file)).toBe(true);
    expect(await deleteSettings(file)).toBe(false);
    expect((await failure(() => loadSettings(file, PASS))).message).toBe(`[miaw-handoff] No settings file at ${file}: save the settings first.`);
    expect((await failure(() => describeSettings(file))).message).toBe(`[miaw-handoff] No settings file at ${file}: save the settings first.`);
  });
});

describe('the private key at rest', () => {
  it('appears nowhere in the file, in describeSettings or in any error above: not even 32 characters of it', async () => {
    await saveSettings(file, settings, PASS);
    const WINDOW = 32;
    const body = settings.authPrivateKeyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const base64Pem = Buffer.from(settings.authPrivateKeyPem).toString('base64');
    const secretWindows = new Set<string>();
    for (const secret of [body, base64Pem]) for (let i = 0; i + WINDOW <= secret.length; i++) secretWindows.add(secret.slice(i, i + WINDOW));
    const leaks = (text: string) => {
      const flat = text.replace(/\\n|\s/g, ''); // PEM line breaks, raw or JSON-escaped, cannot hide a piece
      for (let i = 0; i + WINDOW <= flat.length; i++) if (secretWindows.has(flat.slice(i, i + WINDOW))) return true;
      return false;
    };
    expect(leaks(`xx${body.slice(100, 140)}xx`)).toBe(true); // the check itself works
    expect(seen.length).toBeGreaterThan(30); // the failures of the tests above were collected
    for (const text of [readFileSync(file, 'utf8'), JSON.stringify(describeSettings(file)), ...seen]) expect(leaks(text)).toBe(false);
    expect(readFileSync(file, 'utf8')).not.toContain(PASS.passphrase);
  });
});
