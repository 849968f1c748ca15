import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../simulator/auth/accessToken.ts';
import { ManualClock, SimClock } from '../../simulator/shared/clock.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import {
  call,
  getGuestToken,
  getVerifiedToken,
  sendMessage,
  show,
  signIdentityToken,
  startConversation,
  tokenRequestBase,
  useSim,
  type ApiResponse,
} from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const AUTHZ = '/iamessage/api/v2/authorization';
const GUEST = `${AUTHZ}/unauthenticated/access-token`;
const VERIFIED = `${AUTHZ}/authenticated/access-token`;
const CONTINUATION = `${AUTHZ}/continuation-access-token`;
const LIST = '/iamessage/api/v2/conversation/list';
const GUEST_SUBJECT = /^v2\/iamessage\/UNAUTH\/NA\/uid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectError(r: ApiResponse, status: number, errorCode: string, message?: RegExp) {
  expect(r.status, show(r)).toBe(status);
  expect(r.body, show(r)).toMatchObject({ code: String(status), errorCode });
  if (message) expect(r.body.message, show(r)).toMatch(message);
}

const listedIds = async (sim: RunningSimulator, token: string) => {
  const r = await call(sim, 'GET', LIST, { token });
  expect(r.status, show(r)).toBe(200);
  return r.body.conversations.map((c: { conversationId: string }) => c.conversationId);
};

/** No 40-character piece of any secret appears in the text. */
function expectNoSecretsIn(text: string, secrets: string[]) {
  for (const secret of secrets) {
    for (let i = 0; i + 40 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 40))) expect.fail(`secret leaked (offset ${i}): ${secret.slice(i, i + 40)}`);
    }
  }
}

describe('authorization endpoints', () => {
  const t = useSim();

  it('issues a guest token with the documented response shape', async () => {
    const r = await call(t.sim, 'POST', GUEST, { body: tokenRequestBase(t.sim) });
    expect(r.status, show(r)).toBe(200);
    expect(r.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(r.body.lastEventId).toEqual(expect.any(String));
    expect(r.body.context.endUser).toEqual({ appType: 'iamessage', role: 'EndUser', subject: expect.stringMatching(GUEST_SUBJECT) });
    const config = r.body.context.configuration.embeddedServiceConfig;
    expect(config.name).toBe(t.sim.esDeveloperName);
    expect(config.embeddedServiceMessagingChannel.authMode).toBe('UnAuth');
    expect(r.body.context.configuration.timestamp).toEqual(expect.any(Number));
  });

  it('mints a new guest identity on every call', async () => {
    const a = await getGuestToken(t.sim);
    const b = await getGuestToken(t.sim);
    expect(a.accessToken).not.toBe(b.accessToken);
    expect(a.body.context.endUser.subject).not.toBe(b.body.context.endUser.subject);
    const id = await startConversation(t.sim, a.accessToken);
    expect(await listedIds(t.sim, a.accessToken)).toEqual([id]);
    expect(await listedIds(t.sim, b.accessToken)).toEqual([]);
  });

  it('maps a verified identity to the AUTH subject, the same on every exchange', async () => {
    const first = await getVerifiedToken(t.sim, 'alice@example.com');
    expect(first.body.context.endUser.subject).toBe('v2/iamessage/AUTH/Sim_Keyset/uid:alice@example.com');
    expect(first.body.context.configuration.embeddedServiceConfig.embeddedServiceMessagingChannel.authMode).toBe('Auth');
    const id = await startConversation(t.sim, first.accessToken);
    const second = await getVerifiedToken(t.sim, 'alice@example.com');
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await listedIds(t.sim, second.accessToken)).toEqual([id]);
    expect(await listedIds(t.sim, (await getVerifiedToken(t.sim, 'bob')).accessToken)).toEqual([]);
  });

  const invalidGuestBodies: Array<[string, (sim: RunningSimulator) => Record<string, unknown>, RegExp]> = [
    ['missing orgId', ({ orgId: _o, ...rest }: any) => rest, /orgId/],
    ['missing esDeveloperName', (sim) => ({ ...tokenRequestBase(sim), esDeveloperName: undefined }), /esDeveloperName/],
    ['missing capabilitiesVersion', (sim) => ({ ...tokenRequestBase(sim), capabilitiesVersion: undefined }), /capabilitiesVersion/],
    ['missing platform', (sim) => ({ ...tokenRequestBase(sim), platform: undefined }), /platform/],
    ['empty esDeveloperName', (sim) => ({ ...tokenRequestBase(sim), esDeveloperName: '' }), /esDeveloperName: must be a non-empty string/],
    ['orgId as a number', (sim) => ({ ...tokenRequestBase(sim), orgId: 42 }), /orgId/],
    ['platform as an object', (sim) => ({ ...tokenRequestBase(sim), platform: { web: true } }), /platform/],
    ['context as a string', (sim) => ({ ...tokenRequestBase(sim), context: 'web' }), /context/],
  ];
  it.each(invalidGuestBodies)('refuses a guest token request with %s (400 naming the field)', async (_name, body, field) => {
    const r = await call(t.sim, 'POST', GUEST, { body: body(t.sim) });
    expectError(r, 400, 'INVALID_REQUEST', field);
  });

  it('refuses verified token requests missing authorizationType / customerIdentityToken or with the wrong type', async () => {
    const token = await signIdentityToken(t.sim);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ customerIdentityToken: token }, /authorizationType/],
      [{ authorizationType: 'OAuth', customerIdentityToken: token }, /authorizationType: must be "JWT"/],
      [{ authorizationType: 'JWT' }, /customerIdentityToken/],
      [{ authorizationType: 'JWT', customerIdentityToken: '' }, /customerIdentityToken/],
      [{ authorizationType: 'JWT', customerIdentityToken: { jwt: token } }, /customerIdentityToken/],
    ];
    for (const [extra, field] of cases) {
      const r = await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), ...extra } });
      expectError(r, 400, 'INVALID_REQUEST', field);
      expectNoSecretsIn(r.text, [token]);
    }
  });

  it('refuses malformed JSON and a missing body with 400', async () => {
    for (const path of [GUEST, VERIFIED]) {
      expectError(await call(t.sim, 'POST', path, { rawBody: '{"orgId": "00D' }), 400, 'MALFORMED_JSON', /not valid JSON/);
      expectError(await call(t.sim, 'POST', path), 400, 'INVALID_REQUEST');
    }
  });

  it('answers unknown orgs and deployments with 404 and malformed org ids with 400', async () => {
    const base = tokenRequestBase(t.sim);
    expectError(await call(t.sim, 'POST', GUEST, { body: { ...base, orgId: '00D000000000XYZ' } }), 404, 'ORG_NOT_FOUND', /00D000000000XYZ/);
    expectError(await call(t.sim, 'POST', GUEST, { body: { ...base, esDeveloperName: 'Nope_Web' } }), 404, 'DEPLOYMENT_NOT_FOUND', /"Nope_Web"/);
    for (const orgId of ['not-an-org-id', '00DSIM00000000', '001SIM000000001', '00DSIM00000000!']) {
      expectError(await call(t.sim, 'POST', GUEST, { body: { ...base, orgId } }), 400, 'INVALID_ORG_ID', /not a Salesforce org id/);
    }
    const verified = { ...base, authorizationType: 'JWT', customerIdentityToken: await signIdentityToken(t.sim) };
    expectError(await call(t.sim, 'POST', VERIFIED, { body: { ...verified, esDeveloperName: 'Nope_Web' } }), 404, 'DEPLOYMENT_NOT_FOUND');
  });

  it('refuses guest tokens for a deployment that only accepts verified users', async () => {
    const created = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/deployments`, { body: { name: 'Verified_Only', keyset: 'Sim_Keyset', allowGuests: false } });
    expect(created.status, show(created)).toBe(201);
    const r = await call(t.sim, 'POST', GUEST, { body: { ...tokenRequestBase(t.sim), esDeveloperName: 'Verified_Only' } });
    expectError(r, 403, 'GUESTS_NOT_ALLOWED', /only accepts verified users/);
  });

  it('gives a continuation token: a new token for the same subject, with lastEventId', async () => {
    for (const original of [await getGuestToken(t.sim), await getVerifiedToken(t.sim, 'carol')]) {
      const id = await startConversation(t.sim, original.accessToken);
      const r = await call(t.sim, 'GET', CONTINUATION, { token: original.accessToken });
      expect(r.status, show(r)).toBe(200);
      expect(r.body.accessToken).toEqual(expect.any(String));
      expect(r.body.accessToken).not.toBe(original.accessToken);
      expect(r.body.lastEventId).toMatch(/^\d+$/);
      expect(Number(r.body.lastEventId)).toBeGreaterThan(Number(original.lastEventId));
      expect(await listedIds(t.sim, r.body.accessToken)).toEqual([id]);
      const stream = await openStream(t.sim.url, r.body.accessToken, t.sim.orgId);
      expect(stream.status).toBe(200);
      stream.close();
    }
  });

  it('revokes a verified token: 204, then 401 everywhere and its open stream ends', async () => {
    const { accessToken } = await getVerifiedToken(t.sim, 'dave');
    const other = await getVerifiedToken(t.sim, 'dave');
    const id = await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    const otherStream = await openStream(t.sim.url, other.accessToken, t.sim.orgId);
    expect([stream.status, otherStream.status]).toEqual([200, 200]);

    const revoke = await call(t.sim, 'DELETE', VERIFIED, { token: accessToken });
    expect(revoke.status, show(revoke)).toBe(204);
    expect(revoke.text).toBe('');
    await stream.waitForEnd();

    const calls: Array<[string, string, Record<string, unknown>?]> = [
      ['GET', LIST],
      ['GET', `/iamessage/api/v2/conversation/${id}`],
      ['GET', `/iamessage/api/v2/conversation/${id}/entries`],
      ['POST', '/iamessage/api/v2/conversation', { conversationId: crypto.randomUUID(), esDeveloperName: t.sim.esDeveloperName }],
      ['GET', CONTINUATION],
      ['DELETE', VERIFIED],
    ];
    for (const [method, path, body] of calls) {
      expectError(await call(t.sim, method, path, { token: accessToken, body }), 401, 'ACCESS_TOKEN_REVOKED');
    }
    expectError(await sendMessage(t.sim, accessToken, id, 'still there?'), 401, 'ACCESS_TOKEN_REVOKED');
    const again = await openStream(t.sim.url, accessToken, t.sim.orgId);
    expect(again.status).toBe(401);
    again.close();

    // Only that token is revoked: another token of the same user keeps working, stream included.
    expect(await listedIds(t.sim, other.accessToken)).toEqual([id]);
    expect(otherStream.ended).toBe(false);
    otherStream.close();
  });

  it('checks the bearer token on API endpoints', async () => {
    const { accessToken, body } = await getGuestToken(t.sim);
    const forged = await new AccessTokens(new SimClock()).mint(
      { subject: body.context.endUser.subject, orgId: t.sim.orgId, deployment: t.sim.esDeveloperName, channelAddressIdentifier: 'x', authMode: 'UnAuth', displayName: 'Guest' },
      Math.floor(Date.now() / 1000) + 600,
    );
    const [h, p, s] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'v2/iamessage/AUTH/Sim_Keyset/uid:admin' })).toString('base64url')}.${s}`;
    // The real token first: it is remembered once checked, and the tampered one shares its signature.
    expect((await call(t.sim, 'GET', LIST, { token: accessToken })).status).toBe(200);
    const cases: Array<[string, Record<string, string>, string]> = [
      ['no Authorization', {}, 'MISSING_ACCESS_TOKEN'],
      ['Basic scheme', { authorization: `Basic ${accessToken}` }, 'MISSING_ACCESS_TOKEN'],
      ['Bearer without token', { authorization: 'Bearer ' }, 'MISSING_ACCESS_TOKEN'],
      ['garbage', { authorization: 'Bearer not.a.token' }, 'ACCESS_TOKEN_INVALID'],
      ['signed by another server', { authorization: `Bearer ${forged.token}` }, 'ACCESS_TOKEN_INVALID'],
      ['payload tampered', { authorization: `Bearer ${tampered}` }, 'ACCESS_TOKEN_INVALID'],
    ];
    for (const [name, headers, errorCode] of cases) {
      const r = await call(t.sim, 'GET', LIST, { headers });
      expect(r.status, `${name}: ${show(r)}`).toBe(401);
      expect(r.body.errorCode, name).toBe(errorCode);
    }
    expect((await call(t.sim, 'GET', LIST, { token: accessToken })).status).toBe(200);
  });

  it("does not let one end user read another's conversation", async () => {
    const owner = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, owner.accessToken);
    for (const intruder of [await getGuestToken(t.sim), await getVerifiedToken(t.sim, 'eve')]) {
      for (const path of [`/iamessage/api/v2/conversation/${id}`, `/iamessage/api/v2/conversation/${id}/entries`]) {
        expectError(await call(t.sim, 'GET', path, { token: intruder.accessToken }), 404, 'CONVERSATION_NOT_FOUND');
      }
      expect(await listedIds(t.sim, intruder.accessToken)).toEqual([]);
    }
    expect((await call(t.sim, 'GET', `/iamessage/api/v2/conversation/${id}`, { token: owner.accessToken })).status).toBe(200);
  });

  it("refuses an esDeveloperName that is not the token's deployment", async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const body = { conversationId: crypto.randomUUID(), esDeveloperName: 'Other_Web' };
    expectError(await call(t.sim, 'POST', '/iamessage/api/v2/conversation', { token: accessToken, body }), 400, 'ES_DEVELOPER_NAME_MISMATCH', /"Other_Web".*"Sim_Web"/);
    const id = await startConversation(t.sim, accessToken);
    expectError(await call(t.sim, 'DELETE', `/iamessage/api/v2/conversation/${id}?esDeveloperName=Other_Web`, { token: accessToken }), 400, 'ES_DEVELOPER_NAME_MISMATCH');
  });

  it('keeps every token out of the log and the journal', async () => {
    const identity = await signIdentityToken(t.sim, { claims: { sub: 'frank' } });
    const verified = await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', customerIdentityToken: identity } });
    expect(verified.status, show(verified)).toBe(200);
    const guest = await getGuestToken(t.sim);
    const continued = await call(t.sim, 'GET', CONTINUATION, { token: guest.accessToken });
    const id = await startConversation(t.sim, verified.body.accessToken);
    await sendMessage(t.sim, verified.body.accessToken, id, 'hello');
    const stream = await openStream(t.sim.url, verified.body.accessToken, t.sim.orgId, '0');
    stream.close();
    const bad = await signIdentityToken(t.sim, { claims: { iss: 'wrong' } });
    await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', customerIdentityToken: bad } });
    await call(t.sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(t.sim), authorizationType: 'JWT', customerIdentityToken: [bad] } });
    await call(t.sim, 'DELETE', VERIFIED, { token: verified.body.accessToken });
    await call(t.sim, 'GET', LIST, { token: verified.body.accessToken });
    const secrets = [identity, bad, verified.body.accessToken, guest.accessToken, continued.body.accessToken];

    const journal = await call(t.sim, 'GET', '/__sim/v1/journal');
    expect(journal.status, show(journal)).toBe(200);
    const records = journal.body.requests as any[];
    expect(records.filter((r) => r.path === VERIFIED).length).toBeGreaterThanOrEqual(4);
    expect(records.some((r) => /^Bearer .*redacted/.test(r.request.headers.authorization ?? ''))).toBe(true);
    expectNoSecretsIn(journal.text, secrets);
    expectNoSecretsIn(t.logs.join('\n'), secrets);
  });
});

describe('access token expiry (manual clock)', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });

  it('refuses an expired guest token with ACCESS_TOKEN_EXPIRED', async () => {
    clock.set(Date.now());
    const { accessToken } = await getGuestToken(t.sim);
    clock.advance((t.sim.options.guestTokenTtlSeconds - 5) * 1000);
    expect((await call(t.sim, 'GET', LIST, { token: accessToken })).status).toBe(200);
    clock.advance(10_000);
    expectError(await call(t.sim, 'GET', LIST, { token: accessToken }), 401, 'ACCESS_TOKEN_EXPIRED', /expired/);
    expectError(await call(t.sim, 'GET', CONTINUATION, { token: accessToken }), 401, 'ACCESS_TOKEN_EXPIRED');
  });

  it('expires verified tokens after verifiedTokenTtlSeconds', async () => {
    clock.set(Date.now());
    const { accessToken } = await getVerifiedToken(t.sim, 'grace');
    clock.advance((t.sim.options.verifiedTokenTtlSeconds + 1) * 1000);
    expectError(await call(t.sim, 'GET', LIST, { token: accessToken }), 401, 'ACCESS_TOKEN_EXPIRED');
  });

  it('does not extend the expiry with a continuation token', async () => {
    clock.set(Date.now());
    const { accessToken } = await getGuestToken(t.sim);
    clock.advance((t.sim.options.guestTokenTtlSeconds - 60) * 1000);
    const continued = await call(t.sim, 'GET', CONTINUATION, { token: accessToken });
    expect(continued.status, show(continued)).toBe(200);
    expect((await call(t.sim, 'GET', LIST, { token: continued.body.accessToken })).status).toBe(200);
    clock.advance(120_000);
    expectError(await call(t.sim, 'GET', LIST, { token: continued.body.accessToken }), 401, 'ACCESS_TOKEN_EXPIRED');
  });
});
