import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { createApp } from '../../simulator/server/app.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { expectSameThroughBoth as expectBoth, get, listenOn, minted, post, type Sent } from '../helpers/bothPaths.ts';
import { call, getGuestToken, signIdentityToken, startConversation, textMessage, tokenRequestBase, useSim } from '../helpers/sim.ts';

// The simulator serves the data plane from node:http (http/dataPlaneLane.ts, its hottest operations
// without express at all: http/hotLane.ts) and the rest through express. Each request here goes to
// both, over one state: first the express app alone, then the simulator as it listens. Status, raw
// headers (names, order, values) and body bytes must be the same; only the Date header, and the
// tokens and ids a token exchange mints at random, are normalised. test/simulator/hotLane.test.ts
// holds the hot lane's own cases (and proves it, not express, answered them).

type Target = 'express' | 'lane';

// Time stands still: replies that carry a timestamp are the same on both.
const suite = useSim({ clock: new ManualClock() });
let expressOnly: Awaited<ReturnType<typeof listenOn>>;
let expressUrl: string;

beforeAll(async () => {
  // A second set of routers on the simulator's own context: the express app, with no lane in front.
  expressOnly = await listenOn(createApp(suite.ctx));
  expressUrl = expressOnly.url;
});
afterAll(() => expressOnly.close());

/** The same request (or one per target) through the express app alone, then the simulator's handler. */
const expectSameThroughBoth = (req: Sent | ((target: Target) => Sent), normalise?: (body: string) => string) =>
  expectBoth<Target>({ reference: ['express', expressUrl], other: ['lane', suite.sim.url] }, req, normalise);

const API = '/iamessage/api/v2';
const message = (sim: RunningSimulator, id: string) => ({ esDeveloperName: sim.esDeveloperName, message: textMessage('same bytes', id) });

describe('the data plane answers the same through node:http as through express', () => {
  it('token exchanges: guest, verified, and refused identity tokens', async () => {
    const { sim } = suite;
    expect((await expectSameThroughBoth(post(`${API}/authorization/unauthenticated/access-token`, tokenRequestBase(sim)), minted)).status).toBe(200);
    const identity = await signIdentityToken(sim);
    const verified = { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken: identity };
    expect((await expectSameThroughBoth(post(`${API}/authorization/authenticated/access-token`, verified), minted)).status).toBe(200);
    const forged = { ...verified, customerIdentityToken: `${identity.slice(0, -6)}AAAAAA` };
    expect((await expectSameThroughBoth(post(`${API}/authorization/authenticated/access-token`, forged))).status).toBe(401);
    expect((await expectSameThroughBoth(post(`${API}/authorization/authenticated/access-token`, { ...verified, customerIdentityToken: 'not.a.jwt' }))).status).toBe(401);
  });

  it('create conversation, send message, and the reads', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = '0b6a3c1e-8f2d-4e7a-9c5b-1d2e3f4a5b6c';
    const created = await expectSameThroughBoth(post(`${API}/conversation`, { conversationId, esDeveloperName: sim.esDeveloperName }, accessToken));
    expect(created.status).toBe(201);
    // One message id per target (an id is an entry's own); the reply names it, so it is normalised.
    const ids = { express: '1c0e2d4f-6a8b-4c0d-8e2f-3a4b5c6d7e8f', lane: '2d1f3e5a-7b9c-4d1e-9f3a-4b5c6d7e8f9a' };
    const sent = await expectSameThroughBoth((target) => post(`${API}/conversation/${conversationId}/message`, message(sim, ids[target]), accessToken), (b) => b.replace(ids.express, '<id>').replace(ids.lane, '<id>'));
    expect(sent.status).toBe(202);
    expect((await expectSameThroughBoth(get(`${API}/conversation/${conversationId}`, accessToken))).status).toBe(200);
    expect((await expectSameThroughBoth(get(`${API}/conversation/list?inclClosedConvs=true`, accessToken))).status).toBe(200);
    expect((await expectSameThroughBoth(get(`${API}/conversation/${conversationId}/entries?limit=1&direction=FromStart`, accessToken))).status).toBe(200);
    expect((await expectSameThroughBoth(get(`/embeddedservice/v1/embedded-service-config?orgId=${sim.orgId}&esConfigName=${sim.esDeveloperName}`))).status).toBe(200);
  });

  it('refusals in the API shape: token, body, schema, host, path', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const cases: Array<[Sent, number]> = [
      [post(`${API}/conversation`, { conversationId: crypto.randomUUID(), esDeveloperName: sim.esDeveloperName }), 401],
      [post(`${API}/conversation`, {}, 'not-a-token'), 401],
      [post(`${API}/conversation`, '{"conversationId":', accessToken), 400],
      [post(`${API}/conversation`, `{"conversationId":"${'['.repeat(70)}"}`.replace('"[', '['), accessToken), 400],
      [post(`${API}/conversation`, { conversationId: 'x'.repeat(1_100_000) }, accessToken), 413],
      [post(`${API}/conversation`, { conversationId: 'NOT-A-UUID', esDeveloperName: sim.esDeveloperName }, accessToken), 400],
      [post(`${API}/conversation/${conversationId}/message`, { esDeveloperName: sim.esDeveloperName, message: { id: 'x', messageType: 'Nope' } }, accessToken), 400],
      [post(`${API}/conversation`, { conversationId }, accessToken, { host: 'evil.example' }), 403],
      [get(`${API}/no-such-thing`, accessToken), 404],
      [get(`${API}/authorization/no-such-thing`), 401],
      [get('/embeddedservice/v1/nope'), 404],
      [get('/IAMESSAGE/api/v2/conversation/list', accessToken), 200],
      [post(`${API}/Authorization/unauthenticated/access-token`, { orgId: sim.orgId }), 400],
      [{ method: 'OPTIONS', path: `${API}/conversation`, headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-custom' } }, 204],
      [{ ...post(`${API}/conversation`, 'plain text', accessToken), headers: { 'content-type': 'text/plain', authorization: `Bearer ${accessToken}`, origin: 'http://localhost:3000' } }, 400],
    ];
    for (const [req, status] of cases) expect((await expectSameThroughBoth(req)).status, `${req.method} ${req.path}`).toBe(status);
  });

  it('a fault rule answers the same on both (one budgeted call each)', async () => {
    const { sim } = suite;
    const { accessToken } = await getGuestToken(sim);
    const rule = await call(sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'POST', path: `${API}/conversation` }, action: { type: 'status', status: 503 }, times: 2 } });
    expect(rule.status).toBe(201);
    const faulted = await expectSameThroughBoth(post(`${API}/conversation`, { conversationId: crypto.randomUUID(), esDeveloperName: sim.esDeveloperName }, accessToken), (b) => b.replace(/"ruleId":"[^"]+"/, ''));
    expect(faulted.status).toBe(503);
  });
});
