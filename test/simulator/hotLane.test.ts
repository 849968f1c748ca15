import { describe, expect, it } from 'vitest';
import { minted, post, send, type Sent } from '../helpers/bothPaths.ts';
import { useHotLanePair } from '../helpers/hotLanePair.ts';
import { call, getGuestToken, signIdentityToken, startConversation, textMessage, tokenRequestBase } from '../helpers/sim.ts';

// The hot lane's POSTs (token exchanges, create conversation, message, typing, acknowledgements)
// against express, byte for byte (test/helpers/hotLanePair.ts); its reads, closes and event stream:
// hotReads.test.ts.

const { suite, same, urlOf } = useHotLanePair();
const API = '/iamessage/api/v2';

describe('the hot lane answers byte for byte as express does', () => {
  it('serves the token exchanges, create conversation, message, typing and acknowledgements', async () => {
    const { sim } = suite;
    expect((await same(post(`${API}/authorization/unauthenticated/access-token`, tokenRequestBase(sim)), minted)).status).toBe(200);
    const verified = { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken: await signIdentityToken(sim) };
    expect((await same(post(`${API}/authorization/authenticated/access-token`, verified), minted)).status).toBe(200);
    const { accessToken } = await getGuestToken(sim);
    const conversationId = crypto.randomUUID();
    expect((await same(post(`${API}/conversation`, { conversationId, esDeveloperName: sim.esDeveloperName, routingAttributes: { tier: 2 } }, accessToken))).status).toBe(201);
    const ids = { express: crypto.randomUUID(), hot: crypto.randomUUID() };
    const sent = await same((t) => post(`${API}/conversation/${conversationId}/message`, { esDeveloperName: sim.esDeveloperName, message: textMessage('hello', ids[t]) }, accessToken), (b) => b.replace(ids.express, '<id>').replace(ids.hot, '<id>'));
    expect(sent.status).toBe(202);
    expect((await same(post(`${API}/conversation/${conversationId}/entry`, { entryType: 'TypingStartedIndicator' }, accessToken))).status).toBe(200);
    const acks = { acks: [{ entryType: 'Delivery', conversationEntryId: ids.hot }] };
    expect((await same(post(`${API}/conversation/${conversationId}/acknowledge-entries`, acks, accessToken))).status).toBe(202);
  });

  it('refuses in the API shape: body, token, schema, host, conversation', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const message = `${API}/conversation/${conversationId}/message`;
    const unknown = crypto.randomUUID();
    const valid = { esDeveloperName: sim.esDeveloperName, message: textMessage('x', '5c3b1d2e-0f4a-4b6c-8d7e-9f0a1b2c3d4e') };
    const cases: Array<[Sent, number]> = [
      [post(message, '{"esDeveloperName":', accessToken), 400],
      [post(message, `${'['.repeat(70)}${']'.repeat(70)}`, accessToken), 400],
      [post(message, '"just a string"', accessToken), 400],
      [post(message, '  \n ', accessToken), 400],
      [post(message, '', accessToken), 400],
      [post(message, `\uFEFF${JSON.stringify({ esDeveloperName: 'Other' })}`, accessToken), 400],
      [post(`${API}/conversation/${unknown}/message`, valid, accessToken, { 'content-type': 'Application/JSON; Charset=UTF-8', origin: 'http://localhost:3000' }), 404],
      [post(message, valid), 401],
      [post(message, valid, 'not-a-token'), 401],
      [post(message, valid, accessToken, { host: 'evil.example', origin: 'http://localhost:3000' }), 403],
      [post(`${API}/conversation/NOT-A-UUID/message`, valid, accessToken), 400],
      [post(`${API}/conversation/${crypto.randomUUID()}/message`, valid, accessToken), 404],
      [post(message, { ...valid, message: { ...valid.message, messageType: 'Nope' } }, accessToken), 400],
      [post(`${API}/conversation`, { conversationId: 'NOT-A-UUID', esDeveloperName: sim.esDeveloperName }, accessToken), 400],
      [post(`${API}/conversation/${conversationId}/acknowledge-entries`, { acks: [{ entryType: 'Read', conversationEntryId: 'nope' }] }, accessToken), 400],
      [post(`${API}/authorization/unauthenticated/access-token`, { ...tokenRequestBase(sim), orgId: '00D000000000000' }), 404],
      [post(`${API}/authorization/authenticated/access-token`, { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken: 'not.a.jwt' }), 401],
      [post(`${API}/authorization/unauthenticated/access-token`, '[1,2]'), 400],
    ];
    for (const [req, status] of cases) expect((await same(req)).status, `${req.method} ${req.path} ${req.body?.slice(0, 40)}`).toBe(status);
  });

  it('applies fault rules as express does: a status with Retry-After, a delay', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const path = `${API}/conversation/${conversationId}/message`;
    expect((await call(sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'POST', path }, action: { type: 'status', status: 503, retryAfterSeconds: 7 }, times: 2 } })).status).toBe(201);
    const faulted = await same(post(path, { esDeveloperName: sim.esDeveloperName, message: textMessage('x') }, accessToken));
    expect(faulted.status).toBe(503);
    expect(faulted.headers).toContain('Retry-After');
    expect((await call(sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'POST', path: `${API}/conversation` }, action: { type: 'delay', ms: 5 }, times: 2 } })).status).toBe(201);
    expect((await same(post(`${API}/conversation`, { conversationId, esDeveloperName: sim.esDeveloperName }, accessToken))).status).toBe(201);
  });

  it('leaves everything else to express: other bodies, encodings, sizes, URLs and methods', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const create = { conversationId, esDeveloperName: sim.esDeveloperName };
    const declined: Sent[] = [
      { ...post(`${API}/conversation`, create, accessToken, { 'content-type': 'text/plain' }) },
      { ...post(`${API}/conversation`, create, accessToken, { 'content-type': 'application/vnd.api+json' }) },
      { ...post(`${API}/conversation`, create, accessToken, { 'content-type': 'application/json; charset=latin1' }) },
      { ...post(`${API}/conversation`, create, accessToken, { 'content-encoding': 'identity' }) },
      { ...post(`${API}/conversation`, create, accessToken, { 'transfer-encoding': 'chunked' }) },
      post(`${API}/conversation`, { conversationId: 'x'.repeat(1_100_000) }, accessToken),
      post(`${API}/conversation?x=1`, create, accessToken),
      post(`${API}/CONVERSATION`, create, accessToken),
      post(`${API}/conversation/${conversationId}%2F/message`, create, accessToken),
      { method: 'HEAD', path: `${API}/conversation/${conversationId}`, headers: { authorization: `Bearer ${accessToken}` } },
    ];
    for (const req of declined) {
      expect((await send(urlOf('hot'), req)).status, `${req.method} ${req.path} ${JSON.stringify(req.headers)}`).toBe(599);
      // The simulator, which hands what the hot lane declines to the express path, still answers as express.
      await same(req, undefined, 'full');
    }
  });
});
