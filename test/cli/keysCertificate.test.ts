import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysGenerateCommand } from '../../cli/keysCommand.ts';
import { expectNoPrivateKey, memoryOutput, tmp } from '../helpers/cli.ts';
import { exchangeFor, keysetWithDeployment } from '../helpers/identityKeys.ts';
import { show, signIdentityToken, useSim } from '../helpers/sim.ts';

/**
 * `miaw-sim keys generate --certificate`: a self-signed certificate of the pair and its JWK with
 * `x5c`, so a generated key can be registered where a certificate is required (`requireX5c`, as
 * Salesforce requires of an uploaded key).
 */
describe('miaw-sim keys generate --certificate', () => {
  const t = useSim();

  it('writes the certificate and the JWK with x5c; a requireX5c keyset takes that JWK and verifies tokens signed with the pair', async () => {
    const dir = tmp();
    const out = memoryOutput();
    expect(await keysGenerateCommand({ out: dir, bits: 2048, force: false, certificate: true, certDays: 30 }, out)).toBe(0);
    const jwk = JSON.parse(readFileSync(join(dir, 'auth-public-key.jwk.json'), 'utf8'));
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: expect.stringMatching(/^miaw-/), x5c: [expect.any(String)] });
    expect(readFileSync(join(dir, 'auth-certificate.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const privateKeyPem = readFileSync(join(dir, 'auth-private-key.pem'), 'utf8');
    expectNoPrivateKey(out.text() + readFileSync(join(dir, 'auth-public-key.jwk.json'), 'utf8'), [privateKeyPem]);

    const { keyset, deployment, issuer } = await keysetWithDeployment(t.sim, { requireX5c: true });
    const bare = await fetch(`${t.sim.controlUrl}/orgs/${t.sim.orgId}/keysets/${keyset}/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pem: readFileSync(join(dir, 'auth-public-key.pem'), 'utf8') }) });
    expect(bare.status).toBe(400); // the PEM alone has no certificate
    const registered = await fetch(`${t.sim.controlUrl}/orgs/${t.sim.orgId}/keysets/${keyset}/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jwk }) });
    expect(registered.status, await registered.clone().text()).toBe(201);
    expect((await registered.json()).kid).toBe(jwk.kid);

    const token = await signIdentityToken(t.sim, { privateKeyPem, kid: jwk.kid, claims: { iss: issuer, sub: 'certified-user' } });
    const r = await exchangeFor(t.sim, deployment, token);
    expect(r.status, show(r)).toBe(200);
    expect(r.body.context.endUser.subject).toBe(`v2/iamessage/AUTH/${keyset}/uid:certified-user`);
  });

  it('refuses a certificate valid for fewer than 11 days, writing nothing', async () => {
    const dir = tmp();
    const out = memoryOutput();
    expect(await keysGenerateCommand({ out: dir, bits: 2048, force: false, certificate: true, certDays: 5 }, out)).toBe(1);
    expect(out.errLines.join('\n')).toMatch(/--cert-days must be a whole number of days from 11 to 3650/);
  });
});
