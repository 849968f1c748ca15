import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../../helpers/sim.ts';
import { DEFAULT_CONSUMER_KEY, DEFAULT_USERNAME, assertion, tokenRequest } from '../../helpers/salesforce.ts';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A key nobody registered: the "wrong certificate" of a misconfigured integration. */
const otherKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('POST /services/oauth2/token (OAuth 2.0 JWT bearer grant)', () => {
  const t = useSim();
  /** Claims that would pass, for an assertion whose signature is what is wrong. */
  const claimsOf = async (aud: string) => ({ iss: DEFAULT_CONSUMER_KEY, sub: DEFAULT_USERNAME, aud, exp: Math.floor((await call(t.sim, 'GET', '/__sim/v1/clock')).body.now / 1000) + 120 });

  it('answers a good assertion with an access token and the instance URL, as Salesforce does', async () => {
    const res = await tokenRequest(t.sim, { grant_type: GRANT, assertion: await assertion(t.sim) });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^00DSIM000000001!/), scope: 'api', instance_url: t.sim.url, id: expect.stringMatching(new RegExp(`^${t.sim.url}/id/00DSIM000000001\\w{3}/005\\w{15}$`)), token_type: 'Bearer' });
    expect(res.headers.get('cache-control')).toContain('no-store');
  });

  it('takes https://login.salesforce.com as the audience too', async () => {
    const res = await tokenRequest(t.sim, { grant_type: GRANT, assertion: await assertion(t.sim, { claims: { aud: 'https://login.salesforce.com' } }) });
    expect(res.status, show(res)).toBe(200);
  });

  it.each([
    ['signed with a key that is not the connected app\'s certificate', 'invalid_grant', 'invalid assertion', async (): Promise<string> => assertion(t.sim, { privateKeyPem: otherKey() })],
    ['with an audience that is not the login URL', 'invalid_grant', 'audience is invalid', async (): Promise<string> => assertion(t.sim, { claims: { aud: 'https://example.com' } })],
    ['expired', 'invalid_grant', 'expired authorization code', async (): Promise<string> => assertion(t.sim, { expiresInSeconds: -300 })],
    ['expiring more than 3 minutes ahead', 'invalid_grant', 'expired authorization code', async (): Promise<string> => assertion(t.sim, { expiresInSeconds: 3600 })],
    ['for a username the org does not have', 'invalid_grant', "user hasn't approved this consumer", async (): Promise<string> => assertion(t.sim, { claims: { sub: 'nobody@example.com' } })],
    ['from an unknown consumer key', 'invalid_client_id', 'client identifier invalid', async (): Promise<string> => assertion(t.sim, { claims: { iss: '3MVG9unknown.consumer.key' } })],
    ['that is not a JWT', 'invalid_grant', 'invalid assertion', async (): Promise<string> => 'not-a-jwt'],
    ['that is unsigned (alg none)', 'invalid_grant', 'invalid assertion', async (): Promise<string> => new UnsecuredJWT(await claimsOf(t.sim.url)).encode()],
    ['signed HS256 with the public key as the secret (alg confusion)', 'invalid_grant', 'invalid assertion', async (): Promise<string> => new SignJWT(await claimsOf(t.sim.url)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(t.sim.publicKeyPem))],
  ] as const)('refuses an assertion %s with 400 %s (%s)', async (_what, error, description, make) => {
    const res = await tokenRequest(t.sim, { grant_type: GRANT, assertion: await make() });
    expect(res.status, show(res)).toBe(400);
    expect(res.body).toMatchObject({ error, error_description: description });
    expect(res.body.miaw_sim_hint).toMatch(/^\[miaw-sim\] /);
  });

  it('refuses a user the connected app is not pre-authorized for', async () => {
    const created = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/connected-apps`, {
      body: { name: 'Strict_App', consumerKey: '3MVG9strict.app.key', publicKeyPem: t.sim.publicKeyPem, preAuthorizedUsers: ['someone.else@example.com'] },
    });
    expect(created.status, show(created)).toBe(201);
    const res = await tokenRequest(t.sim, { grant_type: GRANT, assertion: await assertion(t.sim, { claims: { iss: '3MVG9strict.app.key' } }) });
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
    expect(res.body.miaw_sim_hint).toContain('not pre-authorized');
  });

  it('refuses another grant type, and a JSON body (Salesforce reads the form)', async () => {
    const password = await tokenRequest(t.sim, { grant_type: 'password', username: 'a', password: 'b' });
    expect(password.status).toBe(400);
    expect(password.body).toMatchObject({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    const json = await call(t.sim, 'POST', '/services/oauth2/token', { body: { grant_type: GRANT, assertion: await assertion(t.sim) } });
    expect(json.body).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await tokenRequest(t.sim, { grant_type: GRANT });
    expect(missing.body).toMatchObject({ error: 'invalid_grant', error_description: 'invalid assertion' });
    const flood = await call(t.sim, 'POST', '/services/oauth2/token', { rawBody: Array.from({ length: 30 }, (_, i) => `p${i}=1`).join('&'), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(flood.status, show(flood)).toBe(413);
    expect(flood.body).toMatchObject({ error: 'too_many_parameters', error_description: expect.stringContaining('more than 20 parameters') });
  });

  it('keeps the assertion and the access token out of the journal and the log', async () => {
    const signed = await assertion(t.sim);
    const res = await tokenRequest(t.sim, { grant_type: GRANT, assertion: signed });
    const rest = await call(t.sim, 'GET', '/services/data/v62.0/sobjects/Case/500000000000001AAA', { token: res.body.access_token });
    expect(rest.status).toBe(404);
    const journal = JSON.stringify((await call(t.sim, 'GET', '/__sim/v1/journal')).body);
    expect(journal).toContain('/services/oauth2/token');
    expect(journal).toContain('grant_type');
    expect(journal).not.toContain(signed);
    expect(journal).not.toContain(signed.split('.')[2]);
    expect(journal).not.toContain(res.body.access_token);
    expect(t.logs.join('\n')).not.toContain(res.body.access_token);
  });
});
