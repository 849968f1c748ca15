import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveSettings } from '../../client/settingsFile.ts';
import { openDataDir } from '../../cli/dataDir.ts';
import { doctorCommand } from '../../cli/doctorCommand.ts';
import { loadHandoffConfig } from '../../cli/loadHandoffConfig.ts';
import { defaultSeed } from '../../simulator/config/seed.ts';
import { expectNoPrivateKey, memoryOutput, tmp } from '../helpers/cli.ts';
import { configFor } from '../helpers/handoff.ts';
import { useSim } from '../helpers/sim.ts';

const ENV = 'MIAW_SIM_TEST_PASSPHRASE';
afterEach(() => {
  delete process.env[ENV];
});

describe('loadHandoffConfig', () => {
  it('--sim: the defaults the simulator serves, the key pair from its data dir and the Auth Key ID it assigns', async () => {
    const data = await openDataDir(join(tmp(), 'data'));
    const { kid } = await defaultSeed(data.publicKeyPem, 0);
    const loaded = await loadHandoffConfig({ sim: 'http://127.0.0.1:4242', dataDir: data.dir });
    expect(loaded.source).toBe('sim');
    expect(loaded.input).toEqual({
      messagingUrl: 'http://127.0.0.1:4242',
      orgId: '00DSIM000000001',
      esDeveloperName: 'Sim_Web',
      issuer: 'miaw-sim',
      authKeyId: kid,
      authPublicKeyPem: data.publicKeyPem,
      authPrivateKeyPem: readFileSync(data.privateKeyFile, 'utf8'),
      emailCase: { loginUrl: 'http://127.0.0.1:4242', consumerKey: '3MVG9miawsim.default.connected.app.consumer.key', username: 'integration@miaw-sim.invalid', privateKeyPem: readFileSync(data.privateKeyFile, 'utf8') },
    });
    expect(loaded.description).not.toMatch(/KEY-----/);
  });

  it('lets individual flags override one field of --sim', async () => {
    const data = await openDataDir(join(tmp(), 'data'));
    const loaded = await loadHandoffConfig({ sim: 'http://127.0.0.1:4242', dataDir: data.dir, authKeyId: 'other', esDeveloperName: 'Other_Web' });
    expect(loaded.input).toMatchObject({ authKeyId: 'other', esDeveloperName: 'Other_Web', orgId: '00DSIM000000001' });
  });

  it('reads --public-key / --private-key files and plain flags', async () => {
    const data = await openDataDir(join(tmp(), 'data'));
    const loaded = await loadHandoffConfig({ instanceUrl: 'https://acme.my.salesforce.com', orgId: '00D5g000000abcd', esDeveloperName: 'Web', authKeyId: 'k1', issuer: 'acme', publicKey: data.publicKeyFile, privateKey: data.privateKeyFile });
    expect(loaded.source).toBe('flags');
    expect(loaded.input.authPrivateKeyPem).toBe(readFileSync(data.privateKeyFile, 'utf8'));
    expect(loaded.input.instanceUrl).toBe('https://acme.my.salesforce.com');
  });

  it('says what to do when there is no configuration, no simulator data dir, an unreadable key file, or two sources', async () => {
    await expect(loadHandoffConfig({})).rejects.toThrow(/^\[miaw-sim\] No handoff configuration given: use --sim <url>/);
    const empty = tmp();
    await expect(loadHandoffConfig({ sim: 'http://127.0.0.1:4242', dataDir: empty })).rejects.toThrow(`[miaw-sim] --sim: no simulator key pair in ${empty}`);
    await expect(loadHandoffConfig({ orgId: '00D5g000000abcd', privateKey: join(empty, 'missing.pem') })).rejects.toThrow(/Cannot read --private-key .*missing\.pem \(no such file\)/);
    await expect(loadHandoffConfig({ sim: 'http://x', settings: 'y' })).rejects.toThrow('Give either --sim <url> or --settings <file>');
  });

  it('--settings decrypts the private key with the passphrase from --passphrase-env, or says the variable is not set', async () => {
    const data = await openDataDir(join(tmp(), 'data'));
    const file = join(tmp(), 'settings.json');
    const privatePem = readFileSync(data.privateKeyFile, 'utf8');
    const settings = { messagingUrl: 'http://127.0.0.1:4242', orgId: '00DSIM000000001', esDeveloperName: 'Sim_Web', authPublicKeyPem: data.publicKeyPem, authPrivateKeyPem: privatePem, authKeyId: 'k', issuer: 'miaw-sim' };
    await saveSettings(file, settings, { passphrase: 'correct horse' });
    await expect(loadHandoffConfig({ settings: file, passphraseEnv: ENV })).rejects.toThrow(`The environment variable ${ENV} is not set`);
    process.env[ENV] = 'correct horse';
    const loaded = await loadHandoffConfig({ settings: file, passphraseEnv: ENV, issuer: 'override' });
    expect(loaded).toMatchObject({ source: 'settings', input: { ...settings, issuer: 'override' } });
  });
});

describe('doctor with --settings', () => {
  const t = useSim();

  it('is all green with settings saved for the simulator', async () => {
    const file = join(tmp(), 'settings.json');
    const { retry: _retry, ...settings } = configFor(t.sim);
    await saveSettings(file, settings, { passphrase: 'p4ss' });
    process.env[ENV] = 'p4ss';
    const loaded = await loadHandoffConfig({ settings: file, passphraseEnv: ENV });
    const io = memoryOutput();
    expect(await doctorCommand({ config: loaded.input, description: loaded.description }, io)).toBe(0);
    expect(io.outLines[0]).toBe(`[miaw-sim] doctor: checking settings file ${file}`);
    expectNoPrivateKey(io.text(), [t.sim.privateKeyPem]);
  });
});
