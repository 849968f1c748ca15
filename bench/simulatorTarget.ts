import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SignJWT, importPKCS8 } from 'jose';
import { startSimulator } from '../simulator/index.ts';
import type { BenchTarget } from './benchTarget.ts';

/**
 * The simulator (log off) with one verified user: a pre-signed identity token to exchange (the
 * simulator accepts the same one again and again), an access token, an open conversation, and that
 * user's event stream held open by another process (so each message is also echoed on SSE).
 * With `persist`, the state is kept in that directory as it changes (`--persist`).
 */
export async function simulatorTarget(persist?: string): Promise<BenchTarget> {
  const sim = await startSimulator({ journalLimit: 2000, log: () => {}, persist });
  const key = await importPKCS8(sim.privateKeyPem, 'RS256');
  const identityToken = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: sim.kid }).setIssuer(sim.issuer).setSubject('bench').setIssuedAt().setExpirationTime('1h').sign(key);
  const post = async (path: string, body: object, accessToken?: string) => {
    const res = await fetch(`${sim.url}/iamessage/api/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator set-up: POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const base = { orgId: sim.orgId, esDeveloperName: sim.esDeveloperName };
  const { accessToken } = await post('/authorization/authenticated/access-token', { ...base, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: identityToken });
  const conversationId = crypto.randomUUID();
  await post('/conversation', { conversationId, esDeveloperName: sim.esDeveloperName }, accessToken);
  const drain = spawn(process.execPath, ['--import', 'tsx', 'bench/sseDrain.ts', sim.url, accessToken!, sim.orgId], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [first] = (await Promise.race([once(drain.stdout, 'data'), once(drain, 'exit')])) as [unknown];
  if (!String(first).startsWith('open')) throw new Error('simulator set-up: the bench customer\'s event stream did not open');
  return { url: sim.url, ...base, accessToken: accessToken!, conversationId, identityToken };
}
