import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../../helpers/sim.ts';
import { API, assertion, restToken, tokenRequest } from '../../helpers/salesforce.ts';

describe('Email Cases on the control API', () => {
  const t = useSim();

  it("a rep's reply by email goes on the case as an outgoing EmailMessage and lands in the outbox", async () => {
    const token = await restToken(t.sim);
    const caseId = (await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'Refund', SuppliedEmail: 'ada@example.com', SuppliedName: 'Ada' } })).body.id;
    const reply = await call(t.sim, 'POST', `/__sim/v1/cases/${caseId}/replies`, { body: { text: 'Your refund is on its way.', rep: 'Alex' } });
    expect(reply.status, show(reply)).toBe(201);
    expect(reply.body).toMatchObject({ caseId, caseNumber: '00001001', to: 'ada@example.com', subject: 'RE: Refund', text: 'Your refund is on its way.', rep: 'Alex' });
    const outbox = (await call(t.sim, 'GET', '/__sim/v1/outbox')).body.mails;
    expect(outbox).toEqual([reply.body]);
    const view = (await call(t.sim, 'GET', `/__sim/v1/cases/${caseId.slice(0, 15)}`)).body;
    expect(view.emails).toEqual([expect.objectContaining({ id: reply.body.emailMessageId, Incoming: false, Status: '3', ToAddress: 'ada@example.com' })]);
    expect(view.outbox).toEqual([reply.body]);
  });

  it("a reply answers the customer's latest email: ReplyToEmailMessageId names it, and it becomes Replied (Status 2)", async () => {
    const token = await restToken(t.sim);
    const caseId = (await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'Refund', SuppliedEmail: 'ada@example.com' } })).body.id;
    const incoming = await call(t.sim, 'POST', `${API}/sobjects/EmailMessage`, { token, body: { ParentId: caseId, Incoming: true, Subject: 'Refund', TextBody: 'Where is my refund?', FromAddress: 'ada@example.com' } });
    expect(incoming.status, show(incoming)).toBe(201);
    const reply = await call(t.sim, 'POST', `/__sim/v1/cases/${caseId}/replies`, { body: { text: 'Sent today.' } });
    expect(reply.status, show(reply)).toBe(201);
    const emails = (await call(t.sim, 'GET', `/__sim/v1/cases/${caseId}`)).body.emails;
    expect(emails).toEqual([
      expect.objectContaining({ id: incoming.body.id, Incoming: true, Status: '2' }),
      expect.objectContaining({ id: reply.body.emailMessageId, Incoming: false, Status: '3', ReplyToEmailMessageId: incoming.body.id, ToAddress: 'ada@example.com' }),
    ]);
    const read = await call(t.sim, 'GET', `${API}/sobjects/EmailMessage/${incoming.body.id}`, { token });
    expect(read.body.Status).toBe('2');
  });

  it('refuses a reply to a case without an email address, to an unknown case, and without text', async () => {
    const token = await restToken(t.sim);
    const caseId = (await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'No email' } })).body.id;
    expect((await call(t.sim, 'POST', `/__sim/v1/cases/${caseId}/replies`, { body: { text: 'hi' } })).body.errorCode).toBe('CASE_HAS_NO_EMAIL');
    expect((await call(t.sim, 'POST', '/__sim/v1/cases/500000000000000AAA/replies', { body: { text: 'hi' } })).status).toBe(404);
    const noText = await call(t.sim, 'POST', `/__sim/v1/cases/${caseId}/replies`, { body: {} });
    expect(noText.status).toBe(400);
    expect(noText.body.message).toContain('text');
    expect((await call(t.sim, 'GET', '/__sim/v1/outbox')).body.mails).toEqual([]);
  });

  it('registers a connected app by certificate and a user, never echoing key material, and the grant then works for them', async () => {
    const { default: selfsigned } = await import('selfsigned');
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'integration' }], { keySize: 2048, algorithm: 'sha256' });
    const app = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/connected-apps`, { body: { name: 'Cert_App', certificatePem: pems.cert } });
    expect(app.status, show(app)).toBe(201);
    expect(app.body).toMatchObject({ name: 'Cert_App', consumerKey: expect.stringMatching(/^3MVG9/), key: { kty: 'RSA', bits: 2048, certificate: true } });
    expect(app.text).not.toContain('BEGIN');
    expect(JSON.stringify((await call(t.sim, 'GET', '/__sim/v1/connected-apps')).body)).not.toContain('BEGIN');
    const user = await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/integration-users`, { body: { username: 'bot@acme.example' } });
    expect(user.status, show(user)).toBe(201);
    expect(user.body).toMatchObject({ username: 'bot@acme.example', id: expect.stringMatching(/^005/) });
    const granted = await tokenRequest(t.sim, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await assertion(t.sim, { privateKeyPem: pems.private, claims: { iss: app.body.consumerKey, sub: 'bot@acme.example' } }),
    });
    expect(granted.status, show(granted)).toBe(200);
  });

  it('refuses a private key, a second key source, a taken username and a taken consumer key', async () => {
    const refusals = [
      await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/connected-apps`, { body: { name: 'Leaky', publicKeyPem: t.sim.privateKeyPem } }),
      await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/connected-apps`, { body: { name: 'Both', publicKeyPem: t.sim.publicKeyPem, certificatePem: t.sim.publicKeyPem } }),
      await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/connected-apps`, { body: { name: 'Dup', consumerKey: '3MVG9miawsim.default.connected.app.consumer.key', publicKeyPem: t.sim.publicKeyPem } }),
      await call(t.sim, 'POST', `/__sim/v1/orgs/${t.sim.orgId}/integration-users`, { body: { username: 'integration@miaw-sim.invalid' } }),
    ];
    expect(refusals.map((r) => [r.status, r.body.errorCode])).toEqual([
      [400, 'PRIVATE_KEY_SUBMITTED'],
      [400, 'INVALID_REQUEST'],
      [409, 'CONSUMER_KEY_EXISTS'],
      [409, 'USERNAME_EXISTS'],
    ]);
    for (const r of refusals) expect(r.text).not.toContain('PRIVATE KEY-----\n');
    expect((await call(t.sim, 'GET', '/__sim/v1/connected-apps')).body.connectedApps).toHaveLength(1);
  });

  it('reset forgets cases and the outbox and keeps the seed\'s connected app', async () => {
    const token = await restToken(t.sim);
    await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} });
    await call(t.sim, 'POST', '/__sim/v1/reset');
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toEqual([]);
    expect((await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} })).status).toBe(401);
    expect((await call(t.sim, 'GET', '/__sim/v1/connected-apps')).body.connectedApps.map((a: any) => a.name)).toEqual(['Sim_Handoff_App']);
  });
});
