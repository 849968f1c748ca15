import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmp, useCli } from '../helpers/cli.ts';

/** These start the CLI as a child process (TypeScript compiled at start): slow on a loaded 2-core machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

describe('miaw-sim start --tls', SPAWNS_PROCESSES, () => {
  const { spawnCli, runCli } = useCli();

  it('serves https with a certificate generated into the data dir for the --tls-host names, and prints where it is', async () => {
    const dataDir = join(tmp(), 'data');
    const run = spawnCli(['start', '--port', '0', '--json', '--data-dir', dataDir, '--tls', '--tls-host', 'sim.local.salesforce-scrt.com']);
    const info = JSON.parse((await run.waitFor(/^\{.*\}$/m))[0]);
    expect(info.messagingUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.consoleUrl).toBe(`${info.messagingUrl}/console/`);
    expect(info.tls).toMatchObject({ certificateFile: join(dataDir, 'tls-cert.pem'), generated: true });
    expect(info.tls.hosts).toContain('sim.local.salesforce-scrt.com');
    const ca = readFileSync(info.tls.certificateFile, 'utf8');
    expect(new X509Certificate(ca).subjectAltName).toContain('DNS:sim.local.salesforce-scrt.com');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${info.messagingUrl}/__sim/v1/health`, { ca, servername: 'sim.local.salesforce-scrt.com' }, (res) => resolve(res.statusCode)).on('error', reject).end();
    });
    expect(status).toBe(200);
  });

  it('prints the console, widget and certificate in the banner', async () => {
    const run = spawnCli(['start', '--port', '0', '--data-dir', join(tmp(), 'data'), '--tls']);
    await run.waitFor(/Press Ctrl\+C/);
    expect(run.stdout()).toMatch(/Rep console\s+https:\/\/127\.0\.0\.1:\d+\/console\//);
    expect(run.stdout()).toMatch(/Customer widget\s+https:\/\/127\.0\.0\.1:\d+\/widget\//);
    expect(run.stdout()).toMatch(/TLS certificate\s+\S+tls-cert\.pem/);
  });

  it('stops with a message naming the flag when --cert comes without --key', async () => {
    const { code, stderr } = await runCli(['start', '--port', '0', '--data-dir', join(tmp(), 'data'), '--cert', 'cert.pem']);
    expect(code).toBe(1);
    expect(stderr).toContain('--cert and --key go together');
  });
});
