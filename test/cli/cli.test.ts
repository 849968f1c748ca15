import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT, importPKCS8 } from 'jose';
import { configJsonSchema } from '../../simulator/config/configSchema.ts';
import { tmp } from '../helpers/cli.ts';

/** These tests start the CLI as child processes (TypeScript compiled at start): slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

const BIN = join(import.meta.dirname, '../../bin/miaw-sim.js');
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** Start the CLI with --json on a free port and resolve with its start-up object. */
function startCli(args: string[]): Promise<{ info: any; child: ChildProcessWithoutNullStreams; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--json', ...args], { env: { ...process.env, PORT: '' } });
  running.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ info: JSON.parse(line), child, output: () => out + err });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
}

/** Run the CLI expecting it to fail; resolve with exit code and stderr. */
function failCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('miaw-sim start', SPAWNS_PROCESSES, () => {
  it('serves the defaults and prints what a client needs, and the printed key works for a token exchange', async () => {
    const dir = tmp();
    const { info, output } = await startCli(['--data-dir', join(dir, 'data')]);
    expect(info).toMatchObject({ orgId: '00DSIM000000001', orgId18: '00DSIM0000000012BA', esDeveloperName: 'Sim_Web', issuer: 'miaw-sim' });
    expect(info.messagingUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(info.privateKeyFile).mode & 0o777).toBe(0o600);

    const privateKeyPem = readFileSync(info.privateKeyFile, 'utf8');
    const body = privateKeyPem.split('\n').slice(1, 3).join('');
    expect(output()).not.toContain(body);

    const key = await importPKCS8(privateKeyPem, 'RS256');
    const identity = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: info.authKeyId }).setIssuer(info.issuer).setSubject('c-1').setIssuedAt().setExpirationTime('5m').sign(key);
    const res = await fetch(`${info.messagingUrl}/iamessage/api/v2/authorization/authenticated/access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: info.orgId, esDeveloperName: info.esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: identity }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('keeps the same key and Auth Key ID across restarts with the same data dir', async () => {
    const data = join(tmp(), 'data');
    const first = await startCli(['--data-dir', data]);
    first.child.kill('SIGKILL');
    const second = await startCli(['--data-dir', data]);
    expect(second.info.authKeyId).toBe(first.info.authKeyId);
  });

  it('loads more orgs from a config file', async () => {
    const dir = tmp();
    const config = join(dir, 'miaw-sim.config.json');
    writeFileSync(config, JSON.stringify({ orgs: [{ id: '00DTEAM00000001' }], keysets: [{ orgId: '00DTEAM00000001', name: 'Team_Keys', issuer: 'team' }], deployments: [{ orgId: '00DTEAM00000001', name: 'Team_Web', keyset: 'Team_Keys' }] }));
    const { info } = await startCli(['--data-dir', join(dir, 'data'), '--config', config]);
    expect(info.orgs.map((o: any) => o.id)).toEqual(['00DSIM000000001', '00DTEAM00000001']);
    const res = await fetch(`${info.messagingUrl}/__sim/v1/orgs/00DTEAM00000001/deployments`);
    expect((await res.json()).deployments[0]).toMatchObject({ name: 'Team_Web', keyset: 'Team_Keys' });
  });

  it('refuses a bad config file, naming the file, the field and what is expected', async () => {
    const dir = tmp();
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ deployments: [{ orgId: '00DSIM000000001', name: 'X', keyset: 'Nope' }] }));
    const { code, stderr } = await failCli(['start', '--port', '0', '--data-dir', join(dir, 'data'), '--config', config]);
    expect(code).toBe(1);
    expect(stderr).toContain(config);
    expect(stderr).toContain('deployments.0.keyset');
    expect(stderr).toContain('no keyset "Nope"');
  });

  it('says which port is taken and what to do, with exit code 1 and no stack trace', async () => {
    const { info } = await startCli(['--data-dir', join(tmp(), 'data')]);
    const port = new URL(info.messagingUrl).port;
    const { code, stderr } = await failCli(['start', '--port', port, '--data-dir', join(tmp(), 'data')]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`[miaw-sim] Port ${port} is in use on 127.0.0.1: pass --port 0 for a free one, or stop the other process.`);
  });

  it('refuses a bad flag value, naming the flag', async () => {
    const { code, stderr } = await failCli(['start', '--port', 'abc', '--data-dir', join(tmp(), 'data')]);
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be a whole number');
  });

  it('exports the state on exit and imports it on the next start', async () => {
    const dir = tmp();
    const file = join(dir, 'state.json');
    const first = await startCli(['--data-dir', join(dir, 'data'), '--export-on-exit', file]);
    await fetch(`${first.info.messagingUrl}/__sim/v1/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '00DKEPT00000001' }) });
    const exited = new Promise((r) => first.child.on('exit', r));
    first.child.kill('SIGTERM');
    await exited;
    expect(existsSync(file)).toBe(true);
    const second = await startCli(['--data-dir', join(dir, 'data'), '--import', file]);
    const orgs = await (await fetch(`${second.info.messagingUrl}/__sim/v1/orgs`)).json();
    expect(orgs.orgs.map((o: any) => o.id)).toContain('00DKEPT00000001');
  });
});

describe('miaw-sim config-schema', () => {
  it('matches the committed JSON Schema editors use', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../simulator/config/miaw-sim.config.schema.json'), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });
});
