import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, recorded, sendMessage, show, signIdentityToken, startConversation, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });
const pems = (pair: { publicKey: KeyObject; privateKey: KeyObject }) => ({
  publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});
const pemKey = pems(rsa(2048));
const jwkPair = rsa(2048);
const jwkKey = { ...pems(jwkPair), publicJwk: jwkPair.publicKey.export({ format: 'jwk' }), privateJwk: jwkPair.privateKey.export({ format: 'jwk' }) };
const smallKey = pems(rsa(1024));
const ISSUER = 'https://idp.parallel.example';
const V1 = '/__sim/v1';

/** A separate org with a keyset and a deployment, as a parallel test worker would set up. */
async function newOrgWithKeyset(sim: RunningSimulator) {
  const org = await call(sim, 'POST', `${V1}/orgs`, { body: { name: 'Parallel worker' } });
  expect(org.status, show(org)).toBe(201);
  const orgId: string = org.body.id;
  const ks = await call(sim, 'POST', `${V1}/orgs/${orgId}/keysets`, { body: { name: 'Worker_Keys', issuer: ISSUER } });
  expect(ks.status, show(ks)).toBe(201);
  return orgId;
}

async function verifiedTokenIn(sim: RunningSimulator, orgId: string, esDeveloperName: string, privateKeyPem: string, kid: string) {
  const customerIdentityToken = await signIdentityToken(sim, { privateKeyPem, kid, claims: { iss: ISSUER, sub: 'worker-user' } });
  return call(sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', {
    body: { orgId, esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken },
  });
}

describe('control API /__sim/v1', () => {
  const t = useSim();

  it('GET /health says ok and counts conversations and open streams', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    const r = await call(t.sim, 'GET', `${V1}/health`);
    stream.close();
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', conversations: 1, openStreams: 1 });
    await expect.poll(async () => (await call(t.sim, 'GET', `${V1}/health`)).body.openStreams).toBe(0);
  });

  describe('POST /orgs', () => {
    it('creates an org with a generated 15-character 00D id and its 18-character form', async () => {
      const r = await call(t.sim, 'POST', `${V1}/orgs`, { body: {} });
      expect(r.status, show(r)).toBe(201);
      expect(r.body.id).toMatch(/^00D[0-9A-Za-z]{12}$/);
      expect(r.body.id18).toMatch(/^00D[0-9A-Za-z]{15}$/);
      expect(r.body.id18.startsWith(r.body.id)).toBe(true);
    });

    it('takes an explicit id (15 or 18 characters) and refuses it a second time with 409', async () => {
      const first = await call(t.sim, 'POST', `${V1}/orgs`, { body: { id: '00DWORKER000001' } });
      expect(first.status, show(first)).toBe(201);
      expect(first.body.id).toBe('00DWORKER000001');
      const again = await call(t.sim, 'POST', `${V1}/orgs`, { body: { id: first.body.id18 } });
      expect(again.status, show(again)).toBe(409);
    });

    it.each(['001000000000001', '00Dshort', '00DWORKER000001ZZZ', ''])('refuses id %j with 400', async (id) => {
      const r = await call(t.sim, 'POST', `${V1}/orgs`, { body: { id } });
      expect(r.status, show(r)).toBe(400);
    });
  });

  describe('keysets, keys and deployments', () => {
    it('lets a separate org register a PEM and a JWK key, link a deployment, and exchange identity tokens signed with them', async () => {
      const orgId = await newOrgWithKeyset(t.sim);
      const pem = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys`, { body: { pem: pemKey.publicPem } });
      expect(pem.status, show(pem)).toBe(201);
      expect(pem.body.kid).toEqual(expect.any(String));
      const jwk = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys`, { body: { jwk: { ...jwkKey.publicJwk, kid: 'worker-jwk' } } });
      expect(jwk.status, show(jwk)).toBe(201);
      expect(jwk.body.kid).toBe('worker-jwk');
      const dep = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/deployments`, { body: { name: 'Worker_Web', keyset: 'Worker_Keys' } });
      expect(dep.status, show(dep)).toBe(201);

      for (const [privatePem, kid] of [[pemKey.privatePem, pem.body.kid], [jwkKey.privatePem, 'worker-jwk']] as const) {
        const token = await verifiedTokenIn(t.sim, orgId, 'Worker_Web', privatePem, kid);
        expect(token.status, show(token)).toBe(200);
        const id = await startConversation({ ...t.sim, esDeveloperName: 'Worker_Web' }, token.body.accessToken);
        expect((await recorded(t.sim, id)).orgId).toBe(orgId);
      }
      const defaultKey = await verifiedTokenIn(t.sim, orgId, 'Worker_Web', t.sim.privateKeyPem, t.sim.kid);
      expect(defaultKey.status, show(defaultKey)).toBe(401);

      const lists = await Promise.all(['orgs', 'deployments', 'keysets'].map((what) => call(t.sim, 'GET', `${V1}/${what}`)));
      expect(lists[0]!.body.orgs.map((o: any) => o.id)).toEqual(expect.arrayContaining([t.sim.orgId, orgId]));
      expect(lists[1]!.body.deployments.map((d: any) => `${d.orgId}/${d.name}`)).toEqual(expect.arrayContaining([`${t.sim.orgId}/Sim_Web`, `${orgId}/Worker_Web`]));
      const keyset = lists[2]!.body.keysets.find((k: any) => k.orgId === orgId);
      expect(keyset).toMatchObject({ name: 'Worker_Keys', issuer: ISSUER });
      expect(keyset.keys.map((k: any) => k.kid)).toEqual([pem.body.kid, 'worker-jwk']);
    });

    const privateKeys = [
      { name: 'a PKCS#8 PEM private key', body: { pem: pemKey.privatePem }, secret: pemKey.privatePem.split('\n')[5]! },
      { name: 'a JWK with "d"', body: { jwk: jwkKey.privateJwk }, secret: jwkKey.privateJwk.d! },
    ];

    it.each(privateKeys)('refuses $name with 400 and never echoes it', async ({ body, secret }) => {
      const orgId = await newOrgWithKeyset(t.sim);
      const r = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys`, { body });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.errorCode).toBe('PRIVATE_KEY_SUBMITTED');
      expect(r.text).not.toContain(secret);
      const journal = await call(t.sim, 'GET', `${V1}/journal`);
      expect(journal.text).not.toContain(secret);
      expect(t.logs.join('\n')).not.toContain(secret);
    });

    it('refuses an RSA 1024 key with 400', async () => {
      const orgId = await newOrgWithKeyset(t.sim);
      const r = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys`, { body: { pem: smallKey.publicPem } });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.errorCode).toBe('KEY_TOO_SMALL');
    });

    it('deletes a key with 204, after which tokens with its kid are refused', async () => {
      const orgId = await newOrgWithKeyset(t.sim);
      const key = await call(t.sim, 'POST', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys`, { body: { pem: pemKey.publicPem, kid: 'to-delete' } });
      expect(key.status, show(key)).toBe(201);
      await call(t.sim, 'POST', `${V1}/orgs/${orgId}/deployments`, { body: { name: 'Worker_Web', keyset: 'Worker_Keys' } });
      const before = await verifiedTokenIn(t.sim, orgId, 'Worker_Web', pemKey.privatePem, 'to-delete');
      expect(before.status, show(before)).toBe(200);

      const del = await call(t.sim, 'DELETE', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys/to-delete`);
      expect(del.status, show(del)).toBe(204);
      const after = await verifiedTokenIn(t.sim, orgId, 'Worker_Web', pemKey.privatePem, 'to-delete');
      expect(after.status, show(after)).toBe(401);
      expect(after.body.errorCode).toBe('IDENTITY_TOKEN_KID_UNKNOWN');
      const again = await call(t.sim, 'DELETE', `${V1}/orgs/${orgId}/keysets/Worker_Keys/keys/to-delete`);
      expect(again.status, show(again)).toBe(404);
    });
  });

  it('POST /reset removes created orgs and conversations and keeps the defaults', async () => {
    const orgId = await newOrgWithKeyset(t.sim);
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const r = await call(t.sim, 'POST', `${V1}/reset`);
    expect(r.status, show(r)).toBe(200);

    const orgs = await call(t.sim, 'GET', `${V1}/orgs`);
    expect(orgs.body.orgs.map((o: any) => o.id)).toEqual([t.sim.orgId]);
    expect((await call(t.sim, 'GET', `${V1}/conversations`)).body.conversations).toEqual([]);
    expect((await call(t.sim, 'GET', `${V1}/conversations/${id}`)).status).toBe(404);
    expect((await call(t.sim, 'GET', `${V1}/keysets`)).body.keysets.some((k: any) => k.orgId === orgId)).toBe(false);
    await expect(getGuestToken(t.sim)).resolves.toMatchObject({ accessToken: expect.any(String) });
    // Tokens issued before the reset (a revoked one included) belong to the old state: all refused.
    const stale = await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list', { token: accessToken });
    expect(stale.status, show(stale)).toBe(401);
  });

  it('GET /conversations and /conversations/:id show routing attributes, entries, sessions and a redacted journal', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken, { Origin: 'MIABOT', Priority: 'High' });
    const sent = await sendMessage(t.sim, accessToken, id, 'hello rep');
    expect(sent.status, show(sent)).toBe(202);

    const list = await call(t.sim, 'GET', `${V1}/conversations`);
    expect(list.body.conversations).toEqual([expect.objectContaining({ conversationId: id, orgId: t.sim.orgId, status: 'OPEN', entryCount: 2 })]);
    const c = await call(t.sim, 'GET', `${V1}/conversations/${id}`);
    expect(c.status, show(c)).toBe(200);
    expect(c.body.routingAttributes).toEqual({ Origin: 'MIABOT', Priority: 'High' });
    expect(c.body.sessions).toEqual([expect.objectContaining({ status: 'Waiting', routingAttributes: { Origin: 'MIABOT', Priority: 'High' } })]);
    expect(c.body.entries.map((e: any) => e.entryType)).toEqual(['RoutingResult', 'Message']);
    expect(c.body.entries[1].entryPayload.abstractMessage.staticContent.text).toBe('hello rep');
    expect(c.body.journal.map((j: any) => `${j.method} ${j.path} ${j.status}`)).toEqual([
      'POST /iamessage/api/v2/conversation 201',
      `POST /iamessage/api/v2/conversation/${id}/message 202`,
    ]);
    for (const j of c.body.journal) expect(j.request.headers.authorization).toMatch(/^Bearer .*redacted/);
    expect(c.text).not.toContain(accessToken);
    expect((await call(t.sim, 'GET', `${V1}/conversations/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('GET /state exports the conversation with its entries', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const r = await call(t.sim, 'GET', `${V1}/state`);
    expect(r.status, show(r)).toBe(200);
    expect(r.body.conversations).toEqual([expect.objectContaining({ id, entries: [expect.objectContaining({ entryType: 'RoutingResult' })] })]);
    expect(r.body.orgs.map((o: any) => o.id)).toContain(t.sim.orgId);
  });

  it('the journal holds no access token or identity token anywhere', async () => {
    const identityToken = await signIdentityToken(t.sim, { claims: { sub: 'journal-user' } });
    const token = await call(t.sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', {
      body: { orgId: t.sim.orgId, esDeveloperName: t.sim.esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: identityToken },
    });
    expect(token.status, show(token)).toBe(200);
    const accessToken: string = token.body.accessToken;
    const id = await startConversation(t.sim, accessToken);
    await sendMessage(t.sim, accessToken, id, 'secret-free');
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, '0');
    await stream.waitFor((f) => f.length > 0);
    stream.close();
    const continuation = await call(t.sim, 'GET', '/iamessage/api/v2/authorization/continuation-access-token', { token: accessToken });
    expect(continuation.status, show(continuation)).toBe(200);

    const paths = async () => (await call(t.sim, 'GET', `${V1}/journal`)).body.requests.map((q: any) => q.path);
    await expect.poll(paths).toEqual(expect.arrayContaining(['/iamessage/api/v2/authorization/authenticated/access-token', '/eventrouter/v1/sse']));
    const journal = await call(t.sim, 'GET', `${V1}/journal`);
    for (const secret of [identityToken, accessToken, continuation.body.accessToken]) {
      expect(journal.text).not.toContain(secret);
      expect(journal.text).not.toContain(secret.split('.')[2]);
    }
  });
});

describe('control API journal bound', () => {
  const t = useSim({ journalLimit: 5 });

  it('keeps only the last 5 requests', async () => {
    for (let i = 1; i <= 8; i++) await call(t.sim, 'GET', `/no-such-path-${i}`);
    const r = await call(t.sim, 'GET', `${V1}/journal`);
    expect(r.status, show(r)).toBe(200);
    expect(r.body.requests.map((q: any) => q.path)).toEqual([4, 5, 6, 7, 8].map((i) => `/no-such-path-${i}`));
  });
});
