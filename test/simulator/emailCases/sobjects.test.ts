import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../../helpers/sim.ts';
import { API, restToken } from '../../helpers/salesforce.ts';

describe('the REST API sObjects a case handoff uses', () => {
  const t = useSim();

  it('creates a Case (201 {id, success, errors}) and reads it back with its CaseNumber and defaults', async () => {
    const token = await restToken(t.sim);
    const created = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'Where is my order?', SuppliedEmail: 'ada@example.com', Origin: 'Email' } });
    expect(created.status, show(created)).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^500\w{15}$/), success: true, errors: [] });
    expect(created.headers.get('location')).toBe(`${API}/sobjects/Case/${created.body.id}`);
    const read = await call(t.sim, 'GET', `${API}/sobjects/Case/${created.body.id}`, { token });
    expect(read.status, show(read)).toBe(200);
    expect(read.body).toMatchObject({
      attributes: { type: 'Case', url: `${API}/sobjects/Case/${created.body.id}` },
      Id: created.body.id,
      CaseNumber: '00001001',
      Subject: 'Where is my order?',
      Status: 'New',
      Priority: 'Medium',
      IsClosed: false,
      CreatedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
    });
    // A 15-character id reads the same record.
    expect((await call(t.sim, 'GET', `${API}/sobjects/Case/${created.body.id.slice(0, 15)}`, { token })).body.Id).toBe(created.body.id);
  });

  it('upserts by external id: 201 created, then 200 created:false on the same record, never a second case', async () => {
    const token = await restToken(t.sim);
    const path = `${API}/sobjects/Case/OpencxSessionId__c/session-42`;
    const first = await call(t.sim, 'PATCH', path, { token, body: { Subject: 'First try' } });
    expect(first.status, show(first)).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^500/), success: true, errors: [], created: true });
    const again = await call(t.sim, 'PATCH', path, { token, body: { Subject: 'Retried' } });
    expect(again.status, show(again)).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    const cases = (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases;
    expect(cases).toHaveLength(1);
    expect(cases[0].fields).toMatchObject({ Subject: 'Retried', OpencxSessionId__c: 'session-42' });
  });

  it('answers an update by upsert with 204 and no body before API version 46.0', async () => {
    const token = await restToken(t.sim);
    const path = '/services/data/v45.0/sobjects/Case/OpencxSessionId__c/s-1';
    expect((await call(t.sim, 'PATCH', path, { token, body: {} })).status).toBe(201);
    const again = await call(t.sim, 'PATCH', path, { token, body: { Subject: 'x' } });
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
  });

  it('puts an EmailMessage on a case; a ParentId that names no case is refused', async () => {
    const token = await restToken(t.sim);
    const caseId = (await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { SuppliedEmail: 'ada@example.com' } })).body.id;
    const email = await call(t.sim, 'POST', `${API}/sobjects/EmailMessage`, { token, body: { ParentId: caseId, Incoming: true, FromAddress: 'ada@example.com', TextBody: 'the transcript' } });
    expect(email.status, show(email)).toBe(201);
    expect(email.body.id).toMatch(/^02s/);
    const view = (await call(t.sim, 'GET', `/__sim/v1/cases/${caseId}`)).body;
    expect(view.emails).toEqual([expect.objectContaining({ id: email.body.id, TextBody: 'the transcript', Incoming: true, Status: '0' })]);
    const orphan = await call(t.sim, 'POST', `${API}/sobjects/EmailMessage`, { token, body: { ParentId: '500000000000000AAA', TextBody: 'x' } });
    expect(orphan.status).toBe(400);
    expect(orphan.body).toEqual([{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['ParentId'] }]);
  });

  it.each([
    ['an unknown field', { Colour__c: 'red' }, 'INVALID_FIELD', "No such column 'Colour__c' on sobject of type Case", undefined],
    ['a read-only field', { CaseNumber: '1' }, 'INVALID_FIELD_FOR_INSERT_UPDATE', /^Unable to create\/update fields: CaseNumber\./, ['CaseNumber']],
    ['a subject over 255 characters', { Subject: 'x'.repeat(256) }, 'STRING_TOO_LONG', /^Subject: data value too large: x+\.\.\. \(max length=255\)$/, ['Subject']],
    ['a malformed email', { SuppliedEmail: 'not an email' }, 'INVALID_EMAIL_ADDRESS', 'Web Email: invalid email address: not an email', ['SuppliedEmail']],
    ['an object for a text field', { Subject: { a: 1 } }, 'JSON_PARSER_ERROR', /Subject/, undefined],
    ['a body that is not an object', [1, 2], 'JSON_PARSER_ERROR', /START_ARRAY/, undefined],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}'), 'INVALID_FIELD', "No such column '__proto__' on sobject of type Case", undefined],
  ])('refuses %s with 400 in Salesforce\'s error shape', async (_what, body, errorCode, message, fields) => {
    const token = await restToken(t.sim);
    const res = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body });
    expect(res.status, show(res)).toBe(400);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].errorCode).toBe(errorCode);
    if (typeof message === 'string') expect(res.body[0].message).toBe(message);
    else expect(res.body[0].message).toMatch(message);
    expect(res.body[0].fields).toEqual(fields);
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names every missing required field (REQUIRED_FIELD_MISSING)', async () => {
    t.ctx.store.salesforce.restoreSetup({ ...t.ctx.seed, customFields: [...(t.ctx.seed.customFields ?? []), { sobject: 'Case', name: 'Region__c', required: true }] });
    const token = await restToken(t.sim);
    const res = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: 'x' } });
    expect(res.status, show(res)).toBe(400);
    expect(res.body).toEqual([{ message: 'Required fields are missing: [Region__c]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Region__c'] }]);
    expect((await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: { Region__c: 'EMEA' } })).status).toBe(201);
  });

  it('answers 401 INVALID_SESSION_ID without a valid bearer token, and 404 NOT_FOUND for what it does not serve', async () => {
    for (const token of [undefined, '00DSIM000000001!forged']) {
      const res = await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} });
      expect(res.status).toBe(401);
      expect(res.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    const token = await restToken(t.sim);
    const notServed = [
      call(t.sim, 'POST', `${API}/sobjects/Account`, { token, body: {} }),
      call(t.sim, 'GET', `${API}/sobjects/Case/500000000000000AAA`, { token }),
      call(t.sim, 'POST', '/services/data/v999.0/sobjects/Case', { token, body: {} }),
      call(t.sim, 'POST', '/services/data/v0.0/sobjects/Case', { token, body: {} }),
      call(t.sim, 'PATCH', `${API}/sobjects/Case/Subject/abc`, { token, body: {} }),
    ];
    for (const res of await Promise.all(notServed)) {
      expect(res.status, show(res)).toBe(404);
      expect(res.body[0].errorCode).toBe('NOT_FOUND');
    }
  });

  it('serves the API versions Salesforce supports, answers 410 GONE for retired ones and 404 beyond the newest', async () => {
    const token = await restToken(t.sim);
    const create = (version: string) => call(t.sim, 'POST', `/services/data/${version}/sobjects/Case`, { token, body: {} });
    for (const version of ['v31.0', 'v68.0']) expect((await create(version)).status, version).toBe(201);
    for (const version of ['v12.0', 'v30.0']) {
      const res = await create(version);
      expect(res.status, show(res)).toBe(410);
      expect(res.body).toEqual([{ message: expect.stringContaining(version), errorCode: 'GONE' }]);
    }
    for (const version of ['v69.0', 'v999.0']) expect((await create(version)).body, version).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toHaveLength(2);
  });

  it('checks a datetime field and writes it back as Salesforce does; refuses what is not one', async () => {
    const token = await restToken(t.sim);
    const parent = (await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} })).body.id;
    const email = (MessageDate: unknown) => call(t.sim, 'POST', `${API}/sobjects/EmailMessage`, { token, body: { ParentId: parent, MessageDate } });
    for (const [bad, token] of [['garbage', 'VALUE_STRING'], ['2026-02-30T10:00:00Z', 'VALUE_STRING'], [1764662400000, 'VALUE_NUMBER_INT'], [true, 'VALUE_TRUE']] as const) {
      const res = await email(bad);
      expect(res.status, show(res)).toBe(400);
      expect(res.body).toEqual([{ message: `Cannot deserialize instance of datetime from ${token} value ${String(bad)} or request may be missing a required field: MessageDate`, errorCode: 'JSON_PARSER_ERROR' }]);
    }
    for (const [given, stored] of [['2026-12-01T09:30:00Z', '2026-12-01T09:30:00.000+0000'], ['2026-12-01T10:30:00.250+01:00', '2026-12-01T09:30:00.250+0000'], ['2026-12-01T10:30:00.000+0100', '2026-12-01T09:30:00.000+0000']]) {
      const created = await email(given);
      expect(created.status, show(created)).toBe(201);
      expect((await call(t.sim, 'GET', `${API}/sobjects/EmailMessage/${created.body.id}`, { token })).body.MessageDate, given).toBe(stored);
    }
  });

  it('checks the external id in an upsert URL like a field value: too long for the field is STRING_TOO_LONG, and nothing is stored', async () => {
    const token = await restToken(t.sim);
    const res = await call(t.sim, 'PATCH', `${API}/sobjects/Case/OpencxSessionId__c/${'s'.repeat(256)}`, { token, body: { Subject: 'x' } });
    expect(res.status, show(res)).toBe(400);
    expect(res.body).toEqual([{ message: expect.stringMatching(/data value too large: s+\.\.\. \(max length=255\)$/), errorCode: 'STRING_TOO_LONG', fields: ['OpencxSessionId__c'] }]);
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toEqual([]);
    expect((await call(t.sim, 'PATCH', `${API}/sobjects/Case/OpencxSessionId__c/${'s'.repeat(255)}`, { token, body: {} })).status).toBe(201);
  });

  it('lets the access token lapse after two hours of simulated time', async () => {
    const token = await restToken(t.sim);
    expect((await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} })).status).toBe(201);
    await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { seconds: 2 * 3600 + 1 } });
    expect((await call(t.sim, 'POST', `${API}/sobjects/Case`, { token, body: {} })).body[0].errorCode).toBe('INVALID_SESSION_ID');
  });

  it('serves fault rules on these paths in Salesforce\'s error shape', async () => {
    const token = await restToken(t.sim);
    const fault = await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'PATCH', path: '/services/data/*/sobjects/Case/*/*' }, action: { type: 'status', status: 503 }, times: 1 } });
    expect(fault.status, show(fault)).toBe(201);
    const res = await call(t.sim, 'PATCH', `${API}/sobjects/Case/OpencxSessionId__c/s-9`, { token, body: {} });
    expect(res.status).toBe(503);
    expect(res.body).toEqual([{ message: expect.stringContaining('Simulated fault'), errorCode: 'SIMULATED_FAULT' }]);
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toEqual([]);
    const oauth = await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { path: '/services/oauth2/token' }, action: { type: 'status', status: 500 }, times: 1 } });
    expect(oauth.status).toBe(201);
    const refused = await call(t.sim, 'POST', '/services/oauth2/token', { rawBody: 'grant_type=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(refused.status).toBe(500);
    expect(refused.body).toMatchObject({ error: 'simulated_fault', error_description: expect.stringContaining('Simulated fault') });
  });
});
