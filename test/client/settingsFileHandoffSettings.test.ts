import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HandoffSettingsError, parseHandoffConfig } from '../../client/index.ts';
import { describeSettings, loadSettings, saveSettings, type StoredSettingsInput } from '../../client/settingsFile.ts';
import { tempDir } from '../helpers/tempDir.ts';

const PASS = { passphrase: 'correct horse battery staple' };
const handoffSettings = {
  channels: ['web', 'whatsapp'],
  priority: [{ when: { field: 'contact.tier', equals: 'VIP' }, value: 'High' }],
  officeHours: { timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']] }, holidays: [{ date: '2026-12-25' }], outsideHours: 'refuse' },
};
let base: StoredSettingsInput;
const tmpFile = () => join(tempDir('handoff-settings'), 'handoff.json');

beforeAll(() => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  base = {
    messagingUrl: 'http://127.0.0.1:4242', orgId: '00D000000000001', esDeveloperName: 'Web', authKeyId: 'kid-1', issuer: 'https://issuer.example',
    authPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, authPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
});

describe('handoff settings in the encrypted settings file', () => {
  it('are saved in clear, shown without the passphrase, and loaded back into a valid client configuration', async () => {
    const file = tmpFile();
    await saveSettings(file, { ...base, settings: handoffSettings } as StoredSettingsInput, PASS);
    expect(JSON.parse(readFileSync(file, 'utf8')).settings).toEqual(handoffSettings);
    expect(describeSettings(file).settings).toEqual(handoffSettings);
    const loaded = await loadSettings(file, PASS);
    expect(loaded.settings).toEqual(handoffSettings);
    expect(parseHandoffConfig(loaded).settings?.officeHours?.timeZone).toBe('Europe/Paris');
  });

  it('are authenticated with the key: editing them in the file is detected', async () => {
    const file = tmpFile();
    await saveSettings(file, { ...base, settings: handoffSettings } as StoredSettingsInput, PASS);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.settings.channels.push('sms');
    writeFileSync(file, JSON.stringify(json));
    await expect(loadSettings(file, PASS)).rejects.toThrow(/wrong passphrase or the file was modified/);
  });

  it('are refused when invalid, naming the file and the field, and nothing is written', async () => {
    const file = tmpFile();
    const bad = { ...handoffSettings, officeHours: { ...handoffSettings.officeHours, timeZone: 'Europe/Atlantis' } };
    const error = await saveSettings(file, { ...base, settings: bad } as StoredSettingsInput, PASS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffSettingsError);
    expect((error as Error).message).toContain(`Invalid handoff settings in ${file}: settings.officeHours.timeZone must be an IANA time zone`);
    expect(existsSync(file)).toBe(false);
  });

  it('are optional: a file saved without them loads without them', async () => {
    const file = tmpFile();
    await saveSettings(file, base, PASS);
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('settings');
    expect(await loadSettings(file, PASS)).not.toHaveProperty('settings');
  });
});
