import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../simulator/shared/redact.ts';
import { call, getGuestToken, show, signIdentityToken, startConversation, tokenRequestBase, useSim, type ApiResponse } from '../helpers/sim.ts';

const V1 = '/__sim/v1';
const VERIFIED = '/iamessage/api/v2/authorization/authenticated/access-token';
const GUEST = '/iamessage/api/v2/authorization/unauthenticated/access-token';
const PRIVATE_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
/** A line of the PEM's key material: what must never show up anywhere. */
const PEM_BODY = PRIVATE_PEM.split('\n')[2]!;

/** A JWT whose header is not `eyJ…` (a space after the brace): only decoding the header finds it. */
async function spacedHeaderJwt(): Promise<string> {
  const jwt = await new SignJWT({ sub: 'spaced' }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(7));
  const header = Buffer.from('{ "alg": "HS256", "typ": "JWT" }').toString('base64url');
  expect(header.startsWith('eyJ')).toBe(false);
  return `${header}.${jwt.split('.').slice(1).join('.')}`;
}

describe('redaction by shape: tokens and keys sent where no one expects them', () => {
  const t = useSim({ verificationFailure: 'silent-guest' });

  /** The token is nowhere: not in the response, the journal (over the API) or the log lines. */
  async function expectNowhere(secret: string, ...responses: ApiResponse[]) {
    const tail = secret.includes('.') ? secret.split('.').at(-1)! : secret.slice(-40);
    await expect.poll(async () => (await call(t.sim, 'GET', `${V1}/journal`)).body.requests.length).toBeGreaterThan(0);
    const journal = await call(t.sim, 'GET', `${V1}/journal`);
    for (const text of [journal.text, t.logs.join('\n'), ...responses.map((r) => r.text)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(tail);
    }
    return journal.body.requests as Array<{ path: string; request: { headers: Record<string, string>; body?: any } }>;
  }

  it.each(['identityToken', 'jwt', 'token'])('an identity token sent as %s is masked in the journal', async (field) => {
    const identityToken = await signIdentityToken(t.sim, { claims: { sub: `as-${field}` } });
    const r = await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', [field]: identityToken } });
    expect(r.status, show(r)).toBe(400);
    const requests = await expectNowhere(identityToken, r);
    expect(requests.find((q) => q.path === VERIFIED)!.request.body[field]).toBe(`eyJhbG…[redacted, ${identityToken.length} chars]`);
  });

  it('an identity token deep inside a body (nested objects, arrays, as a key) is masked', async () => {
    const identityToken = await signIdentityToken(t.sim, { claims: { sub: 'nested' } });
    const r = await call(t.sim, 'POST', GUEST, { body: { ...tokenRequestBase(t.sim), context: { list: [{ note: `here: ${identityToken} .` }], [identityToken]: 1 } } });
    expect(r.status, show(r)).toBe(200);
    await expectNowhere(identityToken, r);
  });

  it('a JWT whose header is not eyJ… is found by decoding it (an alg in JSON)', async () => {
    const jwt = await spacedHeaderJwt();
    const r = await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', customerIdentityToken: 'not-a-token', jwt } });
    await expectNowhere(jwt, r);
  });

  it('an access token sent as X-Org-Id is masked in the journal and in the 403 that echoes it', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const r = await call(t.sim, 'GET', '/eventrouter/v1/sse', { token: accessToken, headers: { 'x-org-id': accessToken } });
    expect(r.status, show(r)).toBe(403);
    expect(r.body.errorCode).toBe('ORG_ID_MISMATCH');
    const requests = await expectNowhere(accessToken, r);
    expect(requests.find((q) => q.path === '/eventrouter/v1/sse')!.request.headers['x-org-id']).toMatch(/^eyJhbG…\[redacted, \d+ chars\]$/);
  });

  it('an access token sent as esDeveloperName (body or query) is masked in the journal and in the error', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const inExchange = await call(t.sim, 'POST', GUEST, { body: { ...tokenRequestBase(t.sim), esDeveloperName: accessToken } });
    expect(inExchange.status, show(inExchange)).toBe(404);
    const inCreate = await call(t.sim, 'POST', '/iamessage/api/v2/conversation', { token: accessToken, body: { conversationId: crypto.randomUUID(), esDeveloperName: accessToken } });
    expect(inCreate.status, show(inCreate)).toBe(400);
    expect(inCreate.body.errorCode).toBe('ES_DEVELOPER_NAME_MISMATCH');
    const id = await startConversation(t.sim, accessToken);
    const inQuery = await call(t.sim, 'DELETE', `/iamessage/api/v2/conversation/${id}?esDeveloperName=${accessToken}`, { token: accessToken });
    expect(inQuery.status, show(inQuery)).toBe(400);
    await expectNowhere(accessToken, inExchange, inCreate, inQuery);
  });

  it('a token in the path is masked in the journal and in the 404 that names the path', async () => {
    const identityToken = await signIdentityToken(t.sim, { claims: { sub: 'in-path' } });
    const r = await call(t.sim, 'POST', `${V1}/nothing/${identityToken}`);
    expect(r.status, show(r)).toBe(404);
    const requests = await expectNowhere(identityToken, r);
    expect(requests.map((q) => q.path)).toContain(`${V1}/nothing/eyJhbG…[redacted, ${identityToken.length} chars]`);
  });

  it('a PEM private key in any field is masked in the journal and in the error', async () => {
    const r = await call(t.sim, 'POST', `${V1}/orgs`, { body: { name: 'Keys', note: { pasted: PRIVATE_PEM } } });
    const key = await call(t.sim, 'POST', `${V1}/orgs/${t.sim.orgId}/keysets/${t.sim.keyset}/keys`, { body: { pem: PRIVATE_PEM.replace('PRIVATE', 'PUBLIC').replace('PRIVATE', 'PUBLIC') } });
    expect(key.status, show(key)).toBeGreaterThanOrEqual(400);
    await expectNowhere(PEM_BODY, r, key);
  });

  it('what goes through the log is masked by shape', async () => {
    const jwt = await spacedHeaderJwt();
    t.ctx.log(`[miaw-sim] something about ${jwt} and ${PRIVATE_PEM}`);
    expect(t.logs.join('\n')).not.toContain(jwt.split('.')[2]);
    expect(t.logs.join('\n')).not.toContain(PEM_BODY);
  });
});

describe('the shapes', () => {
  it('masks JWS and JWE compact forms, PEM blocks (whole, cut short, JSON-escaped), and leaves ordinary dotted text alone', () => {
    const jws = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTEifQ.${'s'.repeat(86)}`;
    const jwe = `eyJhbGciOiJSU0EtT0FFUCJ9.${'k'.repeat(40)}.${'i'.repeat(16)}.${'c'.repeat(30)}.${'t'.repeat(22)}`;
    const escaped = JSON.stringify(PRIVATE_PEM).slice(1, -1);
    const cut = PRIVATE_PEM.slice(0, 200);
    for (const secret of [jws, jwe, PRIVATE_PEM, escaped, cut]) {
      const text = scrubSecrets(`before ${secret} after`);
      
      // A PEM cut short runs on over what follows it: too much masked rather than too little.
      expect(text).toMatch(/^before .*…\[redacted, \d+ chars\]( after)?$/);
      expect(text).not.toContain(secret.slice(40, 60));
    }
    for (const plain of ['v1.2.3', 'api.example.com', 'Sim_Web', 'a.b.c', 'Send {"pem": "-----BEGIN PUBLIC KEY-----..."} (SPKI)', '00DSIM000000001']) {
      expect(scrubSecrets(plain)).toBe(plain);
    }
  });
});

describe('the journal copy of a body', () => {
  const t = useSim();

  it('keeps a "__proto__" key as sent (masked like any other), never as the copy\'s prototype', async () => {
    const identityToken = await signIdentityToken(t.sim, { claims: { sub: 'proto' } });
    const r = await call(t.sim, 'POST', GUEST, { rawBody: `{"orgId":"${t.sim.orgId}","esDeveloperName":"${t.sim.esDeveloperName}","capabilitiesVersion":"1","platform":"Web","__proto__":{"jwt":"${identityToken}"}}` });
    expect(r.status, show(r)).toBeLessThan(500);
    const journal = await call(t.sim, 'GET', `${V1}/journal`);
    expect(journal.text).not.toContain(identityToken);
    const recorded = journal.body.requests.find((q: any) => q.path === GUEST);
    expect(recorded.request.body.__proto__).toEqual({ jwt: `eyJhbG…[redacted, ${identityToken.length} chars]` });
  });
});
