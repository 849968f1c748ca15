import type { SalesforceRecords } from '../store/salesforceRecords.ts';
import type { ConnectedApp, OutboxMail, SObjectRecord } from '../store/salesforceTypes.ts';

/** A record as the REST API's Get Record answers: `attributes` (type, url), then every field. */
export function toRestRecord(record: SObjectRecord, apiVersion: string) {
  const fields = record.type === 'Case' ? { ...record.fields, IsClosed: record.fields.Status === 'Closed' } : record.fields;
  return { attributes: { type: record.type, url: `/services/data/${apiVersion}/sobjects/${record.type}/${record.id}` }, ...fields };
}

/** Create Record's answer (201). */
export const toSaveResult = (record: SObjectRecord) => ({ id: record.id, success: true, errors: [] as unknown[] });

/** Upsert's answer: 201 created or 200 updated (API 46.0 and later say which in `created`). */
export const toUpsertResult = (record: SObjectRecord, created: boolean) => ({ ...toSaveResult(record), created });

/** The control plane's view of a case: its fields, the emails on it (oldest first), and the outbox mail sent from it. */
export function toCaseView(record: SObjectRecord, records: SalesforceRecords) {
  const emails = records.listRecords(record.orgId, 'EmailMessage').filter((e) => e.fields.ParentId === record.id);
  return {
    id: record.id,
    orgId: record.orgId,
    caseNumber: record.fields.CaseNumber,
    fields: record.fields,
    emails: emails.map((e) => ({ id: e.id, ...e.fields })),
    outbox: records.outbox(record.orgId).filter((m) => m.caseId === record.id).map(toOutboxView),
  };
}

export const toOutboxView = (mail: OutboxMail) => ({ ...mail, sentAt: new Date(mail.sentAt).toISOString() });

/** A connected app without key material: its certificate is public, but a list stays readable with only its fingerprint-like summary. */
export function toConnectedAppView(app: ConnectedApp) {
  return {
    orgId: app.orgId,
    name: app.name,
    consumerKey: app.consumerKey,
    key: { kty: app.publicJwk.kty, bits: app.publicJwk.n ? Math.floor((app.publicJwk.n.length * 6) / 8) * 8 : undefined, certificate: Boolean(app.certificatePem) },
    preAuthorizedUsers: app.preAuthorizedUsers ?? 'all users of the org',
  };
}
