import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { openDataDir } from '../../cli/dataDir.ts';
import { doctorCommand } from '../../cli/doctorCommand.ts';
import { keysGenerateCommand } from '../../cli/keysCommand.ts';
import { closedPort, expectNoPrivateKey, memoryOutput, startSimCli, tmp, useCli } from '../helpers/cli.ts';
import { configFor } from '../helpers/handoff.ts';
import { call, show, useSim } from '../helpers/sim.ts';

/** These tests start the CLI as child processes (TypeScript compiled at start): slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

const TITLES = ['Configuration valid', 'Messaging URL reachable', 'Org and deployment known', 'Key pair matches', 'Auth Key ID accepted, token exchange works'];

/** The checklist lines as [mark, title] pairs, and the whole printed text. */
async function doctor(config: unknown) {
  const io = memoryOutput();
  const code = await doctorCommand({ config }, io);
  const text = io.text();
  const marks = Object.fromEntries(TITLES.map((title) => [title, io.outLines.find((l) => l.includes(title))?.trim()[0]]));
  const fixOf = (title: string) => io.outLines[io.outLines.findIndex((l) => l.includes(title)) + 1]?.trim();
  return { code, text, marks, fixOf };
}

describe('doctorCommand (in-process, against startSimulator)', () => {
  const t = useSim();
  const journalPaths = async (): Promise<string[]> => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.map((e: any) => e.path);

  it('is all green against the simulator and exits 0', async () => {
    const { code, text, marks } = await doctor(configFor(t.sim));
    expect(code, text).toBe(0);
    expect(Object.values(marks)).toEqual(['✔', '✔', '✔', '✔', '✔']);
    expect(text).toContain('all 5 checks passed');
    expectNoPrivateKey(text, [t.sim.privateKeyPem]);
  });

  it('fails the token exchange line for an unregistered Auth Key ID, with the fix', async () => {
    const { code, text, marks, fixOf } = await doctor(configFor(t.sim, { authKeyId: 'kid-nobody-registered' }));
    expect(code).toBe(1);
    expect(marks).toMatchObject({ 'Key pair matches': '✔', 'Auth Key ID accepted, token exchange works': '✘' });
    expect(text).toMatch(/✘ Auth Key ID accepted, token exchange works — .*no key with kid "kid-nobody-registered"/);
    expect(fixOf('Auth Key ID accepted')).toMatch(/^fix: the Auth Key ID is not registered for this deployment.*--auth-key-id/);
    expectNoPrivateKey(text, [t.sim.privateKeyPem]);
  });

  it('catches a mismatched key pair in configuration validation: no identity token is ever sent', async () => {
    const other = await generateRsaKeyPair();
    const { code, text, marks, fixOf } = await doctor(configFor(t.sim, { authPrivateKeyPem: other.privateKeyPem }));
    expect(code).toBe(1);
    expect(marks).toEqual({ 'Configuration valid': '✔', 'Messaging URL reachable': '✔', 'Org and deployment known': '✔', 'Key pair matches': '✘', 'Auth Key ID accepted, token exchange works': '–' });
    expect(text).toContain('✘ Key pair matches — Invalid handoff configuration: authPrivateKeyPem does not match authPublicKeyPem');
    expect(fixOf('Key pair matches')).toMatch(/^fix: .*miaw-sim keys generate.*--private-key/);
    expect(text).toContain('– Auth Key ID accepted, token exchange works (skipped: needs "Key pair matches")');
    const paths = await journalPaths();
    expect(paths).toContain('/embeddedservice/v1/embedded-service-config');
    expect(paths.filter((p) => p.includes('/authorization/'))).toEqual([]);
    expectNoPrivateKey(text, [t.sim.privateKeyPem, other.privateKeyPem]);
  });

  it('fails "Messaging URL reachable" on connection refused, with the fix, and skips what needs it', async () => {
    const { code, text, marks, fixOf } = await doctor(configFor(t.sim, { messagingUrl: `http://127.0.0.1:${await closedPort()}` }));
    expect(code).toBe(1);
    expect(marks).toEqual({ 'Configuration valid': '✔', 'Messaging URL reachable': '✘', 'Org and deployment known': '–', 'Key pair matches': '✔', 'Auth Key ID accepted, token exchange works': '–' });
    expect(text).toMatch(/✘ Messaging URL reachable — http:\/\/127\.0\.0\.1:(\d+): connection refused by 127\.0\.0\.1:\1 \(ECONNREFUSED\)/);
    expect(fixOf('Messaging URL reachable')).toMatch(/^fix: nothing listens on that host and port: start the simulator .*\(--messaging-url \/ --instance-url\)$/);
  });

  it('names a DNS failure as such, not "fetch failed"', async () => {
    const notFound: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND acme.my.salesforce-scrt.com'), { code: 'ENOTFOUND' }) });
    };
    const io = memoryOutput();
    const code = await doctorCommand({ config: configFor(t.sim, { messagingUrl: 'https://acme.my.salesforce-scrt.com' }), fetch: notFound }, io);
    expect(code).toBe(1);
    expect(io.text()).toContain('✘ Messaging URL reachable — https://acme.my.salesforce-scrt.com: DNS lookup failed: no host named acme.my.salesforce-scrt.com (ENOTFOUND)');
    expect(io.text()).toMatch(/fix: check the host name in the messaging URL/);
    expect(io.text()).not.toContain('fetch failed');
  });

  it('fails "Org and deployment known" for an unknown deployment', async () => {
    const { code, text, marks, fixOf } = await doctor(configFor(t.sim, { esDeveloperName: 'No_Such_Deployment' }));
    expect(code).toBe(1);
    expect(marks['Org and deployment known']).toBe('✘');
    expect(text).toContain('No deployment "No_Such_Deployment"');
    expect(fixOf('Org and deployment known')).toContain('--es-developer-name');
    expect(fixOf('Org and deployment known')).not.toContain('--org-id');
    expect(marks['Auth Key ID accepted, token exchange works']).toBe('–');
  });

  it('fails "Org and deployment known" for a wrong org id naming the org, not the deployment', async () => {
    const { code, text, marks, fixOf } = await doctor(configFor(t.sim, { orgId: '00DWRONG0000001' }));
    expect(code).toBe(1);
    expect(marks['Org and deployment known']).toBe('✘');
    expect(text).toMatch(/✘ Org and deployment known — org 00DWRONG0000001 is unknown at http:\/\/127\.0\.0\.1:\d+ /);
    expect(fixOf('Org and deployment known')).toMatch(/^fix: the org id is unknown at this messaging URL: .*\(--org-id\)$/);
    expect(fixOf('Org and deployment known')).not.toMatch(/--es-developer-name|deployment/);
    expect(marks['Auth Key ID accepted, token exchange works']).toBe('–');
  });

  it('names the field and its flag for an invalid value, and still checks the key pair', async () => {
    const { code, marks, fixOf, text } = await doctor(configFor(t.sim, { orgId: '001WRONG' }));
    expect(code).toBe(1);
    expect(marks).toEqual({ 'Configuration valid': '✘', 'Messaging URL reachable': '–', 'Org and deployment known': '–', 'Key pair matches': '✔', 'Auth Key ID accepted, token exchange works': '–' });
    expect(text).toContain('orgId must be a 15- or 18-character org id');
    expect(fixOf('Configuration valid')).toContain('--org-id');
  });

  it('passes with a pair from `keys generate` once its public key is registered as the next steps say', async () => {
    const dir = tmp();
    expect(await keysGenerateCommand({ out: dir, bits: 2048, force: false }, memoryOutput())).toBe(0);
    const pems = { authPublicKeyPem: readFileSync(join(dir, 'auth-public-key.pem'), 'utf8'), authPrivateKeyPem: readFileSync(join(dir, 'auth-private-key.pem'), 'utf8') };
    const r = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/keysets/${t.sim.keyset}/keys`, { body: { pem: pems.authPublicKeyPem } });
    expect(r.status, show(r)).toBe(201);
    const { code, text } = await doctor(configFor(t.sim, { ...pems, authKeyId: r.body.kid }));
    expect(code, text).toBe(0);
    expectNoPrivateKey(text, [pems.authPrivateKeyPem]);
  });
});

describe('miaw-sim doctor (the binary, against `miaw-sim start`)', SPAWNS_PROCESSES, () => {
  const { spawnCli, runCli } = useCli();

  it('--sim without a scheme says which one to add and names --sim in the fix (exit 1)', async () => {
    const dataDir = join(tmp(), 'data');
    await openDataDir(dataDir);
    const { code, stdout, stderr } = await runCli(['doctor', '--sim', '127.0.0.1:4242', '--data-dir', dataDir]);
    expect(code, stdout + stderr).toBe(1);
    expect(stdout).toContain('✘ Configuration valid — Invalid handoff configuration: messagingUrl has no scheme: use http://127.0.0.1:4242');
    expect(stdout).toMatch(/ {6}fix: .*\(--sim\)$/m);
    expect(stdout).toContain('✔ Key pair matches');
  });

  it('--sim reads the data dir, is all green (exit 0); an overridden Auth Key ID fails (exit 1)', async () => {
    const dataDir = join(tmp(), 'data');
    const { info, run: sim } = await startSimCli(spawnCli, dataDir);
    const privateKeyPem = readFileSync(info.privateKeyFile, 'utf8');

    const green = await runCli(['doctor', '--sim', info.messagingUrl, '--data-dir', dataDir]);
    expect(green.code, green.stdout + green.stderr).toBe(0);
    expect(green.stdout.match(/^ {2}✔ /gm)).toHaveLength(5);
    expect(green.stdout).toContain(`kid ${info.authKeyId}`);

    const red = await runCli(['doctor', '--sim', info.messagingUrl, '--data-dir', dataDir, '--auth-key-id', 'stale-kid']);
    expect(red.code).toBe(1);
    expect(red.stdout).toMatch(/✘ Auth Key ID accepted, token exchange works/);
    expect(red.stdout).toMatch(/ {6}fix: the Auth Key ID is not registered/);
    expectNoPrivateKey(green.stdout + green.stderr + red.stdout + red.stderr + sim.output(), [privateKeyPem]);
  });
});
