import { describe, expect, it } from 'vitest';
import { EmailCaseError, SalesforceAuthError, type StepReport } from '../../client/index.ts';
import { EMAIL_SESSION, emailCaseClient } from './emailCaseClient.ts';
import { getCase, jwtBearerGrant, jwtBearerGrantRefused, upsertCase, upsertCaseUnknownField, upsertTranscriptEmail } from './restInteractions.ts';
import { mockServerWith } from './mockServer.ts';

describe('contract: the handoff client opens an Email Case (Pact consumer, provider salesforce-rest)', () => {
  it('gets a token by the JWT bearer grant, upserts the Case and its transcript email by the session id, and reads the case number', async () => {
    await mockServerWith(jwtBearerGrant, upsertCase, upsertTranscriptEmail, getCase).executeTest(async (mock) => {
      const { client } = emailCaseClient(mock.url);
      const steps: StepReport[] = [];
      const opened = await client.handoff(EMAIL_SESSION, undefined, { onStep: (s) => steps.push(s) });

      expect(opened).toMatchObject({ kind: 'email-case', caseId: '500SIM000000001AAA', caseNumber: '00001001', created: true, transcriptEmailId: '02sSIM000000001AAA' });
      expect(steps.filter((s) => s.status === 'done').map((s) => s.step)).toEqual(['authenticate-salesforce', 'build-transcript', 'extract-routing-attributes', 'open-case', 'attach-transcript', 'read-case']);
    });
  });

  it('400 invalid_grant at the token endpoint: the certificate does not match -> SalesforceAuthError, not retried', async () => {
    await mockServerWith(jwtBearerGrantRefused).executeTest(async (mock) => {
      const { client, sleeps } = emailCaseClient(mock.url);
      const error = await client.openCase(EMAIL_SESSION).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SalesforceAuthError);
      expect(error).toMatchObject({ step: 'authenticate-salesforce', status: 400, retryable: false, salesforceMessage: 'invalid_grant: invalid assertion' });
      expect((error as SalesforceAuthError).hint).not.toBe('');
      expect(sleeps).toEqual([]);
    });
  });

  it("400 with Salesforce's error array on the Case upsert: a field the org lacks -> EmailCaseError naming it, with a hint", async () => {
    await mockServerWith(jwtBearerGrant, upsertCaseUnknownField).executeTest(async (mock) => {
      const { client } = emailCaseClient(mock.url, { fieldMap: { Priority: 'Priority', Chat_language: 'Language__c' } });
      const error = await client.openCase(EMAIL_SESSION).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmailCaseError);
      expect(error).toMatchObject({ step: 'open-case', status: 400, retryable: false, salesforceMessage: "INVALID_FIELD: No such column 'Language__c' on sobject of type Case" });
      expect((error as EmailCaseError).hint).toMatch(/emailCase\.fieldMap/);
    });
  });
});
