import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHandoffClient, EmailCaseError, SalesforceAuthError, type HandoffSession, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { call, show, useSim } from '../helpers/sim.ts';
import { configFor, recordingSleep } from '../helpers/handoff.ts';

const emailSession = (seed: number): HandoffSession & { channel: 'email' } => ({ ...fakeSession({ seed, language: 'fr' }), channel: 'email', priority: 'High' });
const cases = async (t: { sim: Parameters<typeof call>[0] }) => (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases as any[];

describe('an email conversation handed to a rep as an Email Case', () => {
  const t = useSim();

  it('opens a Case with the contact, the routing attributes and the transcript as the customer\'s email', async () => {
    const steps: StepReport[] = [];
    const session = emailSession(5);
    const client = createHandoffClient(configFor(t.sim, { emailCase: { ...t.sim.clientConfig.emailCase, fieldMap: { Priority: 'Priority', Channel: 'Type' } } }));
    const opened = await client.handoff(session, undefined, { onStep: (r) => steps.push(r) });

    expect(steps.filter((s) => s.status === 'done').map((s) => s.step)).toEqual(['authenticate-salesforce', 'build-transcript', 'extract-routing-attributes', 'open-case', 'attach-transcript', 'read-case']);
    expect(opened).toMatchObject({ channel: 'email', caseNumber: '00001001', created: true, caseId: expect.stringMatching(/^500/) });
    const [view] = await cases(t);
    expect(view.id).toBe(opened.caseId);
    expect(view.fields).toMatchObject({
      OpencxSessionId__c: session.sessionId,
      Origin: 'Email',
      SuppliedEmail: session.contact.email,
      SuppliedName: session.contact.name,
      Priority: 'High',
      Type: 'Email',
      Subject: session.summary.split('\n')[0]!.slice(0, 255),
    });
    // Attributes the map leaves out are kept in the description, after the summary.
    expect(view.fields.Description).toMatch(new RegExp(`^${session.summary.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(view.fields.Description).toContain('Chat_language: fr');
    expect(view.emails).toHaveLength(1);
    const [email] = view.emails;
    expect(email).toMatchObject({ id: opened.transcriptEmailId, Incoming: true, FromAddress: session.contact.email, OpencxSessionId__c: session.sessionId });
    expect(email.TextBody.indexOf(session.summary)).toBeGreaterThanOrEqual(0);
    expect(email.TextBody.indexOf(session.summary)).toBeLessThan(email.TextBody.indexOf(session.history[0]!.text));
  });

  it('retries a case upsert that failed once and ends with exactly one case and one transcript email', async () => {
    const fault = await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'PATCH', path: '/services/data/*/sobjects/Case/*/*' }, action: { type: 'status', status: 503 }, times: 1 } });
    expect(fault.status, show(fault)).toBe(201);
    const { sleep, delays } = recordingSleep();
    const opened = await createHandoffClient(configFor(t.sim), { sleep }).handoff(emailSession(6));
    expect(opened.attempts['open-case']).toBe(2);
    expect(delays).toHaveLength(1);
    const all = await cases(t);
    expect(all).toHaveLength(1);
    expect(all[0].emails).toHaveLength(1);
  });

  it('finds the case it made when the answer to the upsert was lost (the request reached Salesforce), instead of making a second', async () => {
    await call(t.sim, 'POST', '/__sim/v1/faults', { body: { match: { method: 'PATCH', path: '/services/data/*/sobjects/Case/*/*' }, action: { type: 'reset-after' }, times: 1 } });
    const { sleep } = recordingSleep();
    const opened = await createHandoffClient(configFor(t.sim), { sleep }).handoff(emailSession(7));
    expect(opened.attempts['open-case']).toBe(2);
    expect(opened.created).toBe(false);
    expect(await cases(t)).toHaveLength(1);
  });

  it('opens the same case again for the same session (a repeat from the bot platform): one case, one email', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const session = emailSession(8);
    const first = await client.openCase(session);
    const second = await client.openCase({ ...session, summary: 'Updated summary' });
    expect(second).toMatchObject({ caseId: first.caseId, caseNumber: first.caseNumber, created: false, transcriptEmailId: first.transcriptEmailId });
    const all = await cases(t);
    expect(all).toHaveLength(1);
    expect(all[0].fields.Description).toMatch(/^Updated summary/);
  });

  it('names a wrong certificate as SalesforceAuthError (invalid_grant) with a hint, never retried, and opens no case', async () => {
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, { emailCase: { ...t.sim.clientConfig.emailCase, privateKeyPem: wrongKey } }), { sleep });
    const error = await client.openCase(emailSession(11)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SalesforceAuthError);
    expect(error).toMatchObject({ step: 'authenticate-salesforce', status: 400, salesforceMessage: 'invalid_grant: invalid assertion' });
    expect((error as SalesforceAuthError).hint).toMatch(/private key of the certificate uploaded to the connected app/);
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(delays).toEqual([]);
    expect(await cases(t)).toEqual([]);
  });

  it('names a Case field the org does not have (INVALID_FIELD) and a contact without email', async () => {
    const client = createHandoffClient(configFor(t.sim, { emailCase: { ...t.sim.clientConfig.emailCase, fieldMap: { Chat_language: 'Language__c' } } }));
    const error = await client.openCase(emailSession(12)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailCaseError);
    expect(error).toMatchObject({ step: 'open-case', status: 400, salesforceMessage: "INVALID_FIELD: No such column 'Language__c' on sobject of type Case" });
    expect((error as EmailCaseError).hint).toMatch(/emailCase.fieldMap/);
    const session = emailSession(13);
    const noEmail = await client.openCase({ ...session, contact: { ...session.contact, email: undefined } }).catch((e: unknown) => e);
    expect(noEmail).toBeInstanceOf(EmailCaseError);
    expect((noEmail as Error).message).toMatch(/no email address/);
  });

  it('refuses bad emailCase settings when the client is made, naming the field', () => {
    for (const [change, field] of [
      [{ privateKeyPem: 'nope' }, 'emailCase.privateKeyPem'],
      [{ apiVersion: '45.0' }, 'emailCase.apiVersion'],
      [{ assertionTtlSeconds: 600 }, 'emailCase.assertionTtlSeconds'],
      [{ loginUrl: 'ftp://x' }, 'emailCase.loginUrl'],
    ] as const) {
      expect(() => createHandoffClient(configFor(t.sim, { emailCase: { ...t.sim.clientConfig.emailCase, ...change } }))).toThrow(new RegExp(`Invalid handoff configuration: ${field.replace('.', '\\.')} `));
    }
  });

  it('gets a fresh access token when Salesforce refuses the one it holds (INVALID_SESSION_ID)', async () => {
    // Last in the file: simulated time stays moved. The client's clock follows it, as a real one follows Salesforce's.
    let offsetMs = 0;
    const client = createHandoffClient(configFor(t.sim), { now: () => Date.now() + offsetMs });
    await client.openCase(emailSession(9));
    offsetMs = (await call(t.sim, 'POST', '/__sim/v1/clock/advance', { body: { seconds: 2 * 3600 + 60 } })).body.offsetMs;
    const steps: StepReport[] = [];
    const opened = await client.openCase(emailSession(10), { onStep: (r) => steps.push(r) });
    expect(opened.created).toBe(true);
    const grants = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path === '/services/oauth2/token');
    expect(grants).toHaveLength(2);
    expect(steps.some((s) => s.status === 'failed')).toBe(false);
  });
});
