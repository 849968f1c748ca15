import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { call, show } from '../../helpers/sim.ts';
import { API, assertion, tokenRequest } from '../../helpers/salesforce.ts';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const quiet = { log: () => undefined };

/**
 * Email Cases Setup declared in the config file: a connected app by certificate file, an
 * integration user it is pre-authorized for, and a custom External ID field on Case; and what a
 * bad declaration says, naming the file's field.
 */
describe('connected apps, users and custom fields from the config file', () => {
  let dir: string;
  let pems: { private: string; cert: string };
  let sim: RunningSimulator;
  const writeConfig = (name: string, config: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const app = (extra: Record<string, unknown> = {}) => ({ orgId: '00DSIM000000001', name: 'File_App', consumerKey: '3MVG9file.app.key', certificateFile: 'app-cert.pem', preAuthorizedUsers: ['bot@acme.example'], ...extra });
  const user = { orgId: '00DSIM000000001', username: 'bot@acme.example', name: 'Acme Bot' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'miaw-sim-sfconfig-'));
    const { default: selfsigned } = await import('selfsigned');
    pems = await selfsigned.generate([{ name: 'commonName', value: 'file-app' }], { keySize: 2048, algorithm: 'sha256' });
    writeFileSync(join(dir, 'app-cert.pem'), pems.cert);
    const configFile = writeConfig('good.json', { connectedApps: [app()], integrationUsers: [user], customFields: [{ sobject: 'Case', name: 'Ticket__c', externalId: true }] });
    sim = await startSimulator({ ...quiet, configFile });
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the certificate file\'s key signs the grant for the pre-authorized user, and cases upsert by the custom field', async () => {
    const apps = (await call(sim, 'GET', '/__sim/v1/connected-apps')).body.connectedApps;
    expect(apps).toContainEqual(expect.objectContaining({ name: 'File_App', consumerKey: '3MVG9file.app.key', key: expect.objectContaining({ certificate: true }), preAuthorizedUsers: ['bot@acme.example'] }));
    const claims = { iss: '3MVG9file.app.key', sub: 'bot@acme.example' };
    const granted = await tokenRequest(sim, { grant_type: GRANT, assertion: await assertion(sim, { privateKeyPem: pems.private, claims }) });
    expect(granted.status, show(granted)).toBe(200);
    const upsert = await call(sim, 'PATCH', `${API}/sobjects/Case/Ticket__c/T-1`, { token: granted.body.access_token, body: { Subject: 'From the file' } });
    expect(upsert.status, show(upsert)).toBe(201);
    // The default integration user is not pre-authorized for this app; the default key is not its certificate.
    const notAuthorized = await tokenRequest(sim, { grant_type: GRANT, assertion: await assertion(sim, { privateKeyPem: pems.private, claims: { ...claims, sub: 'integration@miaw-sim.invalid' } }) });
    expect(notAuthorized.body).toMatchObject({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
    const wrongKey = await tokenRequest(sim, { grant_type: GRANT, assertion: await assertion(sim, { claims }) });
    expect(wrongKey.body).toMatchObject({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });

  const refusals: Array<[string, () => unknown, RegExp]> = [
    ['a certificate file that is not there', () => ({ connectedApps: [app({ certificateFile: 'missing.pem' })] }), /connectedApps\.0\.certificateFile: cannot read .*missing\.pem/],
    ['a private key given as the certificate', () => ({ connectedApps: [app({ certificateFile: undefined, certificatePem: pems.private })] }), /connectedApps\.0: That is a private key\. Register the public key only/],
    ['two key sources', () => ({ connectedApps: [app({ publicKeyPem: pems.cert })] }), /connectedApps\.0\.certificatePem: give exactly one/],
    ['an app of an org not declared', () => ({ connectedApps: [app({ orgId: '00DNOPE00000001' })] }), /connectedApps\.0\.orgId: org 00DNOPE00000001 is not declared/],
    ['a user declared twice', () => ({ integrationUsers: [user, { ...user, username: 'BOT@acme.example' }] }), /integrationUsers\.1\.username: BOT@acme\.example is declared twice/],
    ['the default user declared again', () => ({ integrationUsers: [{ ...user, username: 'integration@miaw-sim.invalid' }] }), /integrationUsers\.0\.username: .* is declared twice/],
  ];

  it.each(refusals)('refuses %s at start-up, naming the field, and never echoes a key', async (name, config, expected) => {
    const configFile = writeConfig(`bad-${name.replace(/\W+/g, '-')}.json`, config());
    const message = await startSimulator({ ...quiet, configFile }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(message).toMatch(expected);
    expect(message).not.toContain(pems.private.split('\n')[1]);
  });
});
