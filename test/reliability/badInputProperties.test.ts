import fc from 'fast-check';
import { SignJWT, importPKCS8 } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair, type PemKeyPair } from '../../simulator/auth/keyPair.ts';
import { normalizeSalesforceId } from '../../simulator/shared/ids.ts';
import { API, fixture, type Fixture } from '../helpers/badInput.ts';
import { badConversationId, DEV, forgedAuthorization, jsonTargetName, junkBody, mutate, mutatedBody, ORG, targetNamed } from '../helpers/badInputArbitraries.ts';
import { resignedWithOtherSecret } from '../helpers/forgedTokens.ts';
import { intFromEnv } from '../helpers/reliability.ts';
import { call, show, textMessage, useSim, type ApiResponse } from '../helpers/sim.ts';

/**
 * Property-based bad input against every data-plane endpoint: whatever fast-check makes of bodies,
 * headers, ids, sizes and tokens, the answer is a 4xx `{code, errorCode, message}` in JSON, never a
 * 5xx, the stored state (GET /__sim/v1/state) does not change, and the simulator keeps answering.
 * fast-check prints the seed and the shrunk request when a run fails.
 */
const RUNS = intFromEnv('MIAW_RELIABILITY_RUNS', 150);
const LIMITS = { jsonBodyLimitBytes: 4096, messageMaxChars: 1000, identityTokenMaxBytes: 2048, fileMaxBytes: 2048 };

interface BadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

const conv = (f: Fixture, id: string, suffix = '') => `${API}/conversation/${id}${suffix}`;
const dev = `?esDeveloperName=${DEV}`;
/** Every endpoint that takes an access token, with a body it would accept; `id` goes into the path where there is one. */
const AUTHENTICATED: Array<{ name: string; closedIsBad?: boolean; request: (f: Fixture, id: string) => BadRequest }> = [
  { name: 'list', request: () => ({ method: 'GET', path: `${API}/conversation/list` }) },
  { name: 'status', request: (f, id) => ({ method: 'GET', path: conv(f, id) }) },
  { name: 'close', request: (f, id) => ({ method: 'DELETE', path: conv(f, id, dev) }) },
  { name: 'end session', closedIsBad: true, request: (f, id) => ({ method: 'DELETE', path: conv(f, id, `/session${dev}`) }) },
  { name: 'transcript', request: (f, id) => ({ method: 'GET', path: conv(f, id, `/transcript${dev}`) }) },
  { name: 'entries', request: (f, id) => ({ method: 'GET', path: conv(f, id, '/entries') }) },
  { name: 'create', request: () => json('POST', `${API}/conversation`, { conversationId: crypto.randomUUID(), esDeveloperName: DEV }) },
  { name: 'message', closedIsBad: true, request: (f, id) => json('POST', conv(f, id, '/message'), { esDeveloperName: DEV, message: textMessage('hi') }) },
  { name: 'file', closedIsBad: true, request: (f, id) => ({ method: 'POST', path: conv(f, id, '/file'), body: fileForm(JSON.stringify({ esDeveloperName: DEV, message: { id: crypto.randomUUID() } }), 10) }) },
  { name: 'typing', closedIsBad: true, request: (f, id) => json('POST', conv(f, id, '/entry'), { entryType: 'TypingStartedIndicator' }) },
  { name: 'acks', request: (f, id) => json('POST', conv(f, id, '/acknowledge-entries'), { acks: [{ entryType: 'Read', conversationEntryId: f.messageId }] }) },
  { name: 'continuation', request: () => ({ method: 'GET', path: `${API}/authorization/continuation-access-token` }) },
  { name: 'revoke', request: () => ({ method: 'DELETE', path: `${API}/authorization/authenticated/access-token` }) },
  { name: 'event stream', request: () => ({ method: 'GET', path: '/eventrouter/v1/sse', headers: { 'x-org-id': ORG } }) },
];
const WITH_ID = AUTHENTICATED.filter((t) => t.request.length > 1 && !['list', 'create', 'continuation', 'revoke', 'event stream'].includes(t.name));

function json(method: string, path: string, body: unknown, headers: Record<string, string> = {}): BadRequest {
  return { method, path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
function fileForm(messageEntry: string | undefined, fileBytes: number | undefined): FormData {
  const form = new FormData();
  if (messageEntry !== undefined) form.append('messageEntry', messageEntry);
  if (fileBytes !== undefined) form.append('fileData', new Blob([Buffer.alloc(fileBytes, 'x')], { type: 'text/plain' }), 'a.txt');
  return form;
}

describe('property: bad input never gets past a 4xx', { timeout: 90_000 }, () => {
  const t = useSim(LIMITS);
  let otherKey: PemKeyPair;
  beforeAll(async () => {
    otherKey = await generateRsaKeyPair();
  });

  async function fire(f: Fixture, req: BadRequest, token: string | null = f.token): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...req.headers };
    const res = await fetch(t.sim.url + req.path, { method: req.method, headers, body: req.body, signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // left as text: the shape check below fails and shows it
    }
    return { status: res.status, headers: res.headers, text, body };
  }

  /** Run the property; after every request the answer is a refusal in shape and the state is what it was. */
  async function holds<T>(arb: (f: Fixture) => fc.Arbitrary<T>, attempt: (f: Fixture, value: T) => Promise<{ r: ApiResponse; expected?: number[] }>): Promise<void> {
    const f = await fixture(t.sim);
    const before = (await call(t.sim, 'GET', '/__sim/v1/state')).text;
    await fc.assert(
      fc.asyncProperty(arb(f), async (value) => {
        const { r, expected } = await attempt(f, value);
        expect(r.status, show(r)).toBeGreaterThanOrEqual(400);
        expect(r.status, show(r)).toBeLessThan(500);
        if (expected) expect(expected, show(r)).toContain(r.status);
        expect(r.headers.get('content-type'), show(r)).toMatch(/^application\/json/);
        expect(r.body, show(r)).toEqual({ code: String(r.status), errorCode: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/), message: expect.stringMatching(/^\[miaw-sim\] \S/) });
        expect((await call(t.sim, 'GET', '/__sim/v1/state')).text, `state changed after ${show(r)}`).toBe(before);
      }),
      { numRuns: RUNS },
    );
    expect((await call(t.sim, 'GET', '/__sim/v1/health')).status).toBe(200);
    expect(t.logs.filter((line) => line.includes('Internal error'))).toEqual([]);
  }

  it('forged, tampered and non-bearer tokens on every authenticated endpoint: 401', async () => {
    const arb = (f: Fixture) => fc.tuple(fc.constantFrom(...AUTHENTICATED.map((t) => t.name)), forgedAuthorization(f.token));
    await holds(arb, async (f, [name, auth]) => {
      const req = AUTHENTICATED.find((t) => t.name === name)!.request(f, f.id);
      const authorization = typeof auth === 'string' ? auth : `Bearer ${await resignedWithOtherSecret(f.token, auth.resignWith)}`;
      return { r: await fire(f, { ...req, headers: { ...req.headers, authorization } }, null), expected: [401] };
    });
  });

  it('bodies with one field made invalid, and bodies that are no request at all, on every JSON endpoint', async () => {
    const junk = fc.tuple(jsonTargetName, junkBody).map(([target, raw]) => ({ target, raw }));
    await holds(() => fc.oneof(mutatedBody, junk), async (f, v) => {
      const target = targetNamed(v.target);
      const body = 'raw' in v ? v.raw : JSON.stringify(mutate(target.template(f), v.path, v.value));
      return { r: await fire(f, { method: 'POST', path: target.path(f), headers: { 'content-type': 'application/json' }, body }, target.auth ? f.token : null) };
    });
  });

  it('malformed file uploads: no messageEntry, one that is not JSON or not an entry, no file', async () => {
    const entry = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 80 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.constantFrom({ message: { id: 'NOT-A-UUID' } }, { esDeveloperName: 'Other', message: { id: crypto.randomUUID() } }, { esDeveloperName: DEV, message: { id: crypto.randomUUID(), fileId: 7 } }).map((v) => JSON.stringify(v)),
    );
    const arb = () => fc.tuple(entry, fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }));
    await holds(arb, async (f, [messageEntry, bytes]) => ({ r: await fire(f, { method: 'POST', path: conv(f, f.id, '/file'), body: fileForm(messageEntry, bytes) }), expected: [400] }));
  });

  it("ids that are not the caller's open conversation, on every endpoint with an id in its path: 400 or 404", async () => {
    const arb = (f: Fixture) => fc.constantFrom(...WITH_ID).chain((target) => badConversationId(f, target.closedIsBad ?? false).map((id) => ({ target: target.name, id })));
    await holds(arb, async (f, { target, id }) => ({ r: await fire(f, WITH_ID.find((t) => t.name === target)!.request(f, id)), expected: [400, 404] }));
  });

  it('odd content types, charsets, encodings and X-Org-Id headers', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/octet-stream', 'application/jsonp'),
      fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z.+-]{1,15}$/)).filter(([, sub]) => !/json/.test(sub)).map(([type, sub]) => `${type}/${sub}`),
      fc.stringMatching(/^[a-z0-9-]{1,12}$/).filter((c) => !/^utf-?8$/.test(c)).map((c) => `application/json; charset=${c}`),
    );
    const header = fc.oneof(
      contentType.map((v) => ({ 'content-type': v })),
      fc.stringMatching(/^[a-z]{1,10}$/).filter((e) => e !== 'identity').map((e) => ({ 'content-type': 'application/json', 'content-encoding': e })),
    );
    const orgId = fc.stringMatching(/^[\x21-\x7e]{0,40}$/).filter((v) => normalizeSalesforceId(v) !== ORG);
    const arb = fc.oneof(fc.tuple(jsonTargetName, header), orgId.map((v) => ({ 'x-org-id': v })));
    await holds(() => arb, async (f, v) => {
      if (!Array.isArray(v)) return { r: await fire(f, { method: 'GET', path: '/eventrouter/v1/sse', headers: v }), expected: [400, 403] };
      const [name, headers] = v;
      const target = targetNamed(name);
      return { r: await fire(f, { method: 'POST', path: target.path(f), headers, body: JSON.stringify(target.template(f)) }, target.auth ? f.token : null), expected: [400, 415] };
    });
  });

  it('oversize bodies, messages, files and identity tokens: 413 (400 for a message over messageMaxChars)', async () => {
    const arb = fc.oneof(
      fc.tuple(jsonTargetName, fc.integer({ min: LIMITS.jsonBodyLimitBytes + 1, max: 4 * LIMITS.jsonBodyLimitBytes })).map(([target, n]) => ({ kind: 'body' as const, target, n })),
      fc.integer({ min: LIMITS.messageMaxChars + 1, max: 3000 }).map((n) => ({ kind: 'text' as const, n })),
      fc.integer({ min: LIMITS.fileMaxBytes + 1, max: 4 * LIMITS.fileMaxBytes }).map((n) => ({ kind: 'file' as const, n })),
      fc.integer({ min: LIMITS.identityTokenMaxBytes, max: 3000 }).map((n) => ({ kind: 'identity' as const, n })),
    );
    await holds(() => arb, async (f, v) => {
      if (v.kind === 'body') {
        const target = targetNamed(v.target);
        const body = JSON.stringify({ ...target.template(f), padding: 'p'.repeat(v.n) });
        return { r: await fire(f, { method: 'POST', path: target.path(f), headers: { 'content-type': 'application/json' }, body }, target.auth ? f.token : null), expected: [413] };
      }
      if (v.kind === 'text') return { r: await fire(f, json('POST', conv(f, f.id, '/message'), { esDeveloperName: DEV, message: textMessage('t'.repeat(v.n)) })), expected: [400] };
      if (v.kind === 'file') return { r: await fire(f, { method: 'POST', path: conv(f, f.id, '/file'), body: fileForm(JSON.stringify({ esDeveloperName: DEV, message: { id: crypto.randomUUID() } }), v.n) }), expected: [413] };
      const token = await sign(t.sim.privateKeyPem, t.sim.kid, { iss: t.sim.issuer, sub: 'big', pad: 'x'.repeat(v.n) }, 'RS256');
      return { r: await exchange(f, token), expected: [413] };
    });
  });

  it('forged identity tokens at the verified token exchange: 401', async () => {
    const now = () => Math.floor(Date.now() / 1000);
    const broken = fc.constantFrom<[string, Record<string, unknown>]>(
      ['iss', { iss: 'someone-else' }],
      ['sub', { sub: undefined }],
      ['sub', { sub: '  ' }],
      ['exp', { exp: undefined }],
      ['exp', { exp: now() - 3600 }],
      ['exp', { exp: 'tomorrow' }],
      ['iat', { iat: now() + 3600 }],
      ['iat', { iat: 'now' }],
    );
    const extra = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,6}$/), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    type Forged = { raw: string } | { key: 'sim' | 'other'; kid: 'sim' | 'unknown' | 'none'; change: Record<string, unknown>; extra: Record<string, unknown> } | { alg: string; extra: Record<string, unknown> };
    const arb = fc.oneof<fc.Arbitrary<Forged>[]>(
      fc.stringMatching(/^[\x21-\x7e]{1,400}$/).map((raw) => ({ raw })),
      fc.tuple(broken, extra).map(([[, change], x]) => ({ key: 'sim', kid: 'sim', change, extra: x })),
      extra.map((x) => ({ key: 'other', kid: 'sim', change: {}, extra: x })),
      fc.tuple(fc.constantFrom<'unknown' | 'none'>('unknown', 'none'), extra).map(([kid, x]) => ({ key: 'sim', kid, change: {}, extra: x })),
      fc.tuple(fc.constantFrom('HS256', 'none', 'RS512', 'PS256', 'ES256'), extra).map(([alg, x]) => ({ alg, extra: x })),
    );
    await holds(() => arb, async (f, v) => {
      const valid = { iss: t.sim.issuer, sub: 'forger', exp: now() + 300, iat: now() };
      if ('raw' in v) return { r: await exchange(f, v.raw), expected: [401] };
      if ('alg' in v) return { r: await exchange(f, handMade(v.alg, t.sim.kid, { ...v.extra, ...valid })), expected: [401] };
      const claims = Object.fromEntries(Object.entries({ ...v.extra, ...valid, ...v.change }).filter(([, value]) => value !== undefined));
      const kid = { sim: t.sim.kid, unknown: 'kid-nobody-registered', none: null }[v.kid];
      const token = await sign(v.key === 'sim' ? t.sim.privateKeyPem : otherKey.privateKeyPem, kid, claims, 'RS256');
      return { r: await exchange(f, token), expected: [401] };
    });
  });

  function exchange(f: Fixture, customerIdentityToken: string): Promise<ApiResponse> {
    return fire(f, json('POST', `${API}/authorization/authenticated/access-token`, { orgId: ORG, esDeveloperName: DEV, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken }), null);
  }
});

async function sign(pem: string, kid: string | null, claims: Record<string, unknown>, alg: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(kid === null ? { alg } : { alg, kid }).sign(await importPKCS8(pem, alg));
}

/** A token with any header, signed with garbage: for algorithms the simulator must refuse before any key is used. */
function handMade(alg: string, kid: string | null, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64(kid === null ? { alg } : { alg, kid })}.${b64(claims)}.${alg === 'none' ? '' : Buffer.from('not a signature').toString('base64url')}`;
}
