import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { to18 } from '../../../simulator/shared/ids.ts';
import { call, restartableSims, show } from '../../helpers/sim.ts';
import { API, restToken } from '../../helpers/salesforce.ts';

const V1 = '/__sim/v1';
const quiet = { log: () => undefined };
/** Well-formed record ids no export holds. */
const OTHER_CASE = to18('500SIM000000002');
const MISSING_CASE = to18('500SIM000000009');

/** A case opened through the REST API as the client opens one (contact's email, subject). */
async function openCase(sim: RunningSimulator, subject: string): Promise<{ id: string; caseNumber: string }> {
  const token = await restToken(sim);
  const created = await call(sim, 'POST', `${API}/sobjects/Case`, { token, body: { Subject: subject, SuppliedEmail: 'ada@example.com', SuppliedName: 'Ada' } });
  expect(created.status, show(created)).toBe(201);
  const read = await call(sim, 'GET', `${API}/sobjects/Case/${created.body.id}`, { token });
  return { id: created.body.id, caseNumber: read.body.CaseNumber };
}

/** A case with an incoming email and a rep's reply, a connected app and a user added through the control API. */
async function fillEmailCases(sim: RunningSimulator): Promise<{ caseId: string; appKey: string }> {
  const opened = await openCase(sim, 'Refund');
  const reply = await call(sim, 'POST', `${V1}/cases/${opened.id}/replies`, { body: { text: 'On its way.', rep: 'Alex' } });
  expect(reply.status, show(reply)).toBe(201);
  const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const app = await call(sim, 'POST', `${V1}/orgs/${sim.orgId}/connected-apps`, { body: { name: 'Runtime_App', publicKeyPem } });
  expect(app.status, show(app)).toBe(201);
  const user = await call(sim, 'POST', `${V1}/orgs/${sim.orgId}/integration-users`, { body: { username: 'runtime@acme.example' } });
  expect(user.status, show(user)).toBe(201);
  return { caseId: opened.id, appKey: app.body.consumerKey };
}

/** What a restart must keep: the case with its emails, the outbox, the app and the user. */
async function expectKept(sim: RunningSimulator, caseId: string, appKey: string): Promise<void> {
  const view = await call(sim, 'GET', `${V1}/cases/${caseId}`);
  expect(view.status, show(view)).toBe(200);
  expect(view.body).toMatchObject({ caseNumber: '00001001', fields: { Subject: 'Refund', SuppliedEmail: 'ada@example.com' } });
  expect(view.body.emails).toEqual([expect.objectContaining({ Incoming: false, TextBody: 'On its way.', ParentId: caseId })]);
  expect((await call(sim, 'GET', `${V1}/outbox`)).body.mails).toEqual([expect.objectContaining({ caseId, caseNumber: '00001001', text: 'On its way.' })]);
  expect((await call(sim, 'GET', `${V1}/connected-apps`)).body.connectedApps.map((a: any) => a.consumerKey)).toContain(appKey);
  expect((await call(sim, 'GET', `${V1}/integration-users`)).body.users.map((u: any) => u.username)).toContain('runtime@acme.example');
}

describe('Email Cases in the state export and --persist', () => {
  const { start, stop } = restartableSims();
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a restart with --persist keeps cases, emails, the outbox, apps and users, and the next case gets the next number', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'miaw-sim-cases-'));
    dirs.push(parent);
    const first = await start({ persist: join(parent, 'state') });
    const { caseId, appKey } = await fillEmailCases(first);
    const oldToken = await restToken(first);
    await stop(first);

    const second = await start({ persist: join(parent, 'state') });
    await expectKept(second, caseId, appKey);
    // REST sessions are not kept: the client's next call is a 401 INVALID_SESSION_ID, and it asks for a new token.
    const stale = await call(second, 'GET', `${API}/sobjects/Case/${caseId}`, { token: oldToken });
    expect([stale.status, stale.body?.[0]?.errorCode]).toEqual([401, 'INVALID_SESSION_ID']);
    const next = await openCase(second, 'Another');
    expect(next.caseNumber).toBe('00001002');
    await stop(second);

    // The second run appended to the log: a third start has both cases, numbered apart.
    const third = await start({ persist: join(parent, 'state') });
    const numbers = (await call(third, 'GET', `${V1}/cases`)).body.cases.map((c: any) => c.caseNumber);
    expect(numbers).toEqual(['00001001', '00001002']);
    expect((await openCase(third, 'Third')).caseNumber).toBe('00001003');
  });

  it('an export imported elsewhere has the same cases and goes on numbering after them', async () => {
    const first = await start({});
    const { caseId, appKey } = await fillEmailCases(first);
    const state = first.exportState();
    expect(state.salesforce?.records.map((r) => r.type).sort()).toEqual(['Case', 'EmailMessage']);
    const second = await start({ state, keyPair: { privateKeyPem: first.privateKeyPem, publicKeyPem: first.publicKeyPem } });
    await expectKept(second, caseId, appKey);
    expect((await openCase(second, 'Next')).caseNumber).toBe('00001002');
  });

  it('an export whose case numbers went on without their cases still never repeats a number', async () => {
    const first = await start({});
    await openCase(first, 'One');
    const state = first.exportState();
    state.salesforce!.caseNumbers = [];
    const second = await start({ state, keyPair: { privateKeyPem: first.privateKeyPem, publicKeyPem: first.publicKeyPem } });
    expect((await openCase(second, 'Two')).caseNumber).toBe('00001002');
  });

  describe('a bad salesforce part is refused at import, naming the field, and nothing starts', () => {
    let exported: any;
    const exportOnce = async () => {
      if (exported) return structuredClone(exported);
      const sim = await start({});
      await fillEmailCases(sim);
      exported = { state: sim.exportState(), keyPair: { privateKeyPem: sim.privateKeyPem, publicKeyPem: sim.publicKeyPem } };
      return structuredClone(exported);
    };
    const caseAt = (s: any) => s.salesforce.records.findIndex((r: any) => r.type === 'Case');
    const emailAt = (s: any) => s.salesforce.records.findIndex((r: any) => r.type === 'EmailMessage');
    const cases: Array<[string, (s: any) => void, RegExp]> = [
      ['a case number the next case would repeat', (s) => (s.salesforce.caseNumbers[0].last = 1000), /^salesforce\.caseNumbers\.0\.last: must be at least 1001, the highest CaseNumber/],
      ['two cases with the same number', (s) => s.salesforce.records.push({ ...structuredClone(s.salesforce.records[caseAt(s)]), id: OTHER_CASE, fields: { CaseNumber: '00001001' } }), /^salesforce\.records\.2\.fields\.CaseNumber: repeats case number 00001001/],
      ['a mail from a case that is not there', (s) => (s.salesforce.outbox[0].caseId = MISSING_CASE), new RegExp(`^salesforce\\.outbox\\.0\\.caseId: no case "${MISSING_CASE}"`)],
      ['an email whose parent case is not there', (s) => (s.salesforce.records[emailAt(s)].fields.ParentId = MISSING_CASE), /^salesforce\.records\.\d\.fields\.ParentId: no case/],
      ['a record id with a wrong checksum', (s) => (s.salesforce.records[caseAt(s)].id = '500SIM000000001ZZZ'), /^salesforce\.records\.\d\.id: must be an 18-character record id/],
      ['a case with an email message id', (s) => (s.salesforce.records[caseAt(s)].type = 'EmailMessage'), /^salesforce\.records\.\d\.(id: must start with 02s|fields\.ParentId)/],
      ['a field that is an object', (s) => (s.salesforce.records[caseAt(s)].fields.Subject = { nested: true }), /^salesforce\.records\.\d\.fields\.Subject: must be a string, true, false or null/],
      ['a field named like a prototype', (s) => (s.salesforce.records[caseAt(s)].fields = JSON.parse('{"__proto__": "x", "CaseNumber": "00001001"}')), /^salesforce\.records\.\d\.fields\.__proto__: is not a field API name/],
      ['a connected app of an org not declared', (s) => (s.salesforce.connectedApps[0].orgId = '00DNOPE00000001'), /^salesforce\.connectedApps\.0\.orgId: no org "00DNOPE00000001"/],
      ['two apps with one consumer key', (s) => (s.salesforce.connectedApps[1].consumerKey = s.salesforce.connectedApps[0].consumerKey), /^salesforce\.connectedApps\.1\.consumerKey: repeats the consumer key/],
      ['a username taken twice', (s) => (s.salesforce.integrationUsers[1].username = s.salesforce.integrationUsers[0].username.toUpperCase()), /^salesforce\.integrationUsers\.1\.username: repeats the username/],
      ['a private key as a certificate', (s) => (s.salesforce.connectedApps[0].certificatePem = `-----BEGIN ${'PRIVATE'} KEY-----\nAAAA\n-----END ${'PRIVATE'} KEY-----`), /^salesforce\.connectedApps\.0\.certificatePem: is a private key/],
    ];

    it.each(cases)('%s', async (_name, mutate, expected) => {
      const { state, keyPair } = await exportOnce();
      mutate(state);
      const refusal = await startSimulator({ ...quiet, state, keyPair }).then(
        async (sim) => {
          await sim.stop();
          return 'started';
        },
        (err: Error) => err.message,
      );
      expect(refusal.replace(/^\[miaw-sim\] Cannot import the state given to startSimulator: /, '')).toMatch(expected);
      expect(refusal).not.toContain('AAAA');
    });
  });
});
