import { badRequest, notFound } from '../../shared/errors.ts';
import { newRecordId, newUuid } from '../../shared/ids.ts';
import type { OutboxMail, SObjectRecord } from '../../store/salesforceTypes.ts';
import { salesforceDateTime } from './dateTimes.ts';
import type { RecordDeps } from './records.ts';

/** Where the simulated orgs send case email from (an address that can never be delivered). */
export const SUPPORT_ADDRESS = 'support@miaw-sim.invalid';

/** A case by id (15 or 18 characters), or a control-plane 404 naming where the cases are listed. */
export function findCase(deps: RecordDeps, id: string): SObjectRecord {
  const record = deps.records.listRecords(undefined, 'Case').find((r) => r.id === id || r.id.slice(0, 15) === id);
  if (!record) throw notFound('CASE_NOT_FOUND', `No case ${id}. The cases: GET /__sim/v1/cases.`);
  return record;
}

/**
 * A rep answers a case by email, as from the case's email publisher: an outgoing EmailMessage
 * (Status 3, Sent) goes on the case, to the address the customer wrote from, as the reply to the
 * customer's latest email (`ReplyToEmailMessageId`; that email becomes Status 2, Replied), and the
 * mail lands in the outbox a test reads (nothing is delivered anywhere).
 */
export function repRepliesByEmail(deps: RecordDeps, caseRecord: SObjectRecord, reply: { text: string; rep: string }): OutboxMail {
  const to = caseRecord.fields.SuppliedEmail;
  if (typeof to !== 'string' || !to) {
    throw badRequest('CASE_HAS_NO_EMAIL', `Case ${caseRecord.fields.CaseNumber} has no SuppliedEmail to reply to: the client sets it from the contact's email.`);
  }
  const caseNumber = String(caseRecord.fields.CaseNumber);
  const subject = `RE: ${typeof caseRecord.fields.Subject === 'string' && caseRecord.fields.Subject ? caseRecord.fields.Subject : `Case ${caseNumber}`}`;
  const now = deps.now();
  const at = salesforceDateTime(now);
  const answered = latestIncoming(deps, caseRecord);
  const email: SObjectRecord = {
    type: 'EmailMessage',
    id: newRecordId('02s'),
    orgId: caseRecord.orgId,
    fields: {
      ParentId: caseRecord.id,
      Incoming: false,
      Status: '3',
      FromAddress: SUPPORT_ADDRESS,
      FromName: reply.rep,
      ToAddress: to,
      Subject: subject,
      TextBody: reply.text,
      ...(answered ? { ReplyToEmailMessageId: answered.id } : {}),
      MessageDate: at,
      CreatedDate: at,
      LastModifiedDate: at,
      SystemModstamp: at,
      IsDeleted: false,
    },
  };
  email.fields.Id = email.id;
  deps.records.putRecord(email);
  if (answered && (answered.fields.Status === '0' || answered.fields.Status === '1')) {
    // The customer's email is Replied (2) once answered, as the case feed shows it.
    Object.assign(answered.fields, { Status: '2', LastModifiedDate: at, SystemModstamp: at });
    deps.records.putRecord(answered);
  }
  const mail: OutboxMail = { id: newUuid(), orgId: caseRecord.orgId, caseId: caseRecord.id, caseNumber, emailMessageId: email.id, from: SUPPORT_ADDRESS, to, subject, text: reply.text, rep: reply.rep, sentAt: now };
  deps.records.send(mail);
  return mail;
}

/** The customer's latest email on the case (what a reply answers), if any. */
function latestIncoming(deps: RecordDeps, caseRecord: SObjectRecord): SObjectRecord | undefined {
  return deps.records
    .listRecords(caseRecord.orgId, 'EmailMessage')
    .filter((e) => e.fields.ParentId === caseRecord.id && e.fields.Incoming === true)
    .at(-1);
}
