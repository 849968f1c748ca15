import { z } from 'zod';
import { to18 } from '../shared/ids.ts';
import { ownRecord } from '../shared/ownValue.ts';
import type { SObjectType } from '../store/salesforceTypes.ts';
import { Name, OrgId, PublicJwk, Text, Time } from './stateFields.ts';

/**
 * The Email Cases part of the state export (`salesforce`): connected apps, integration users, the
 * Case and EmailMessage records, the outbox and each org's last case number. `checkSalesforceRefs`
 * checks what refers to what, so an import never holds a reply to a case it lacks, or a case number
 * the next case would be given again.
 */

const ID_PREFIX: Record<SObjectType, string> = { Case: '500', EmailMessage: '02s' };

/** An 18-character record id whose checksum suffix is right (what the REST API gives out). */
const RecordId = z.string().refine((id) => /^[A-Za-z0-9]{18}$/.test(id) && to18(id.slice(0, 15)) === id, 'must be an 18-character record id (the 15 characters and their checksum suffix)');
const FieldName = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

const ConnectedApp = z.object({
  orgId: OrgId,
  name: Name,
  consumerKey: Name,
  publicJwk: PublicJwk,
  certificatePem: z
    .string()
    .refine((pem) => !pem.includes('PRIVATE KEY'), 'is a private key: a state file holds certificates and public keys only')
    .optional(),
  preAuthorizedUsers: z.array(Name).optional(),
});

const IntegrationUser = z.object({ orgId: OrgId, id: RecordId, username: Name, name: Text, email: Text });

const SObjectRecord = z
  .object({
    type: z.enum(['Case', 'EmailMessage'], { error: 'must be "Case" or "EmailMessage"' }),
    id: RecordId,
    orgId: OrgId,
    fields: ownRecord(z.union([z.string(), z.boolean(), z.null()], { error: 'must be a string, true, false or null' }), 'must be an object of field API names to values'),
  })
  .superRefine((record, check) => {
    if (!record.id.startsWith(ID_PREFIX[record.type])) check.addIssue({ code: 'custom', path: ['id'], message: `must start with ${ID_PREFIX[record.type]}, the key prefix of a ${record.type}` });
    for (const name of Object.keys(record.fields)) {
      if (!FieldName.test(name)) check.addIssue({ code: 'custom', path: ['fields', name], message: 'is not a field API name (a letter, then letters, digits or underscores)' });
    }
    if (record.type === 'Case' && !/^\d{1,30}$/.test(String(record.fields.CaseNumber))) check.addIssue({ code: 'custom', path: ['fields', 'CaseNumber'], message: 'must be the case number, digits (00001001)' });
  });

const OutboxMail = z.object({ id: Name, orgId: OrgId, caseId: RecordId, caseNumber: Name, emailMessageId: RecordId, from: Text, to: Text, subject: Text, text: Text, rep: Text, sentAt: Time });

const CaseNumber = z.object({ orgId: OrgId, last: z.number().int().min(0).max(99_999_999, 'must be at most 99999999 (case numbers have 8 digits)') });

export const SalesforceState = z.object({
  connectedApps: z.array(ConnectedApp),
  integrationUsers: z.array(IntegrationUser),
  records: z.array(SObjectRecord),
  outbox: z.array(OutboxMail),
  caseNumbers: z.array(CaseNumber),
});

type Check = z.RefinementCtx;
type Salesforce = z.output<typeof SalesforceState>;

/** Each item's key, and an issue at `path` for any key seen before. */
function unique<T>(items: T[], key: (item: T) => string, path: (i: number) => PropertyKey[], what: string, check: Check): void {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const k = key(item);
    if (seen.has(k)) check.addIssue({ code: 'custom', path: path(i), message: `repeats ${what} "${k}": each must be unique` });
    seen.add(k);
  }
}

/** What refers to what inside `salesforce` (and to the file's orgs). */
export function checkSalesforceRefs(sf: Salesforce, orgs: Set<string>, check: Check): void {
  const at = (part: keyof Salesforce, i: number, ...rest: PropertyKey[]) => ['salesforce', part, i, ...rest];
  const orgOf = (part: keyof Salesforce, items: Array<{ orgId: string }>) => {
    for (const [i, item] of items.entries()) if (!orgs.has(item.orgId)) check.addIssue({ code: 'custom', path: at(part, i, 'orgId'), message: `no org "${item.orgId}" is declared in orgs` });
  };
  orgOf('connectedApps', sf.connectedApps);
  orgOf('integrationUsers', sf.integrationUsers);
  orgOf('records', sf.records);
  orgOf('outbox', sf.outbox);
  orgOf('caseNumbers', sf.caseNumbers);
  unique(sf.connectedApps, (a) => a.consumerKey, (i) => at('connectedApps', i, 'consumerKey'), 'the consumer key', check);
  unique(sf.integrationUsers, (u) => u.username.toLowerCase(), (i) => at('integrationUsers', i, 'username'), 'the username', check);
  unique(sf.records, (r) => r.id, (i) => at('records', i, 'id'), 'the id', check);
  unique(sf.caseNumbers, (n) => n.orgId, (i) => at('caseNumbers', i, 'orgId'), 'the org', check);

  const cases = new Map(sf.records.filter((r) => r.type === 'Case').map((r) => [r.id, r]));
  /** Per org: its case numbers seen, and the highest. */
  const numbers = new Map<string, { seen: Set<number>; highest: number }>();
  for (const [i, record] of sf.records.entries()) {
    if (Object.hasOwn(record.fields, 'Id') && record.fields.Id !== record.id) check.addIssue({ code: 'custom', path: at('records', i, 'fields', 'Id'), message: `must be the record's id (${record.id})` });
    if (record.type === 'Case') {
      const number = Number(record.fields.CaseNumber);
      const org = numbers.get(record.orgId) ?? { seen: new Set<number>(), highest: 0 };
      if (org.seen.has(number)) check.addIssue({ code: 'custom', path: at('records', i, 'fields', 'CaseNumber'), message: `repeats case number ${String(record.fields.CaseNumber)} of org ${record.orgId}: each case has its own` });
      org.seen.add(number);
      org.highest = Math.max(org.highest, number);
      numbers.set(record.orgId, org);
    }
    const parent = record.type === 'EmailMessage' ? record.fields.ParentId : undefined;
    if (typeof parent === 'string' && cases.get(parent)?.orgId !== record.orgId) check.addIssue({ code: 'custom', path: at('records', i, 'fields', 'ParentId'), message: `no case "${parent}" of org ${record.orgId} is in salesforce.records` });
  }
  const emails = new Set(sf.records.filter((r) => r.type === 'EmailMessage').map((r) => r.id));
  for (const [i, mail] of sf.outbox.entries()) {
    if (cases.get(mail.caseId)?.orgId !== mail.orgId) check.addIssue({ code: 'custom', path: at('outbox', i, 'caseId'), message: `no case "${mail.caseId}" of org ${mail.orgId} is in salesforce.records` });
    if (!emails.has(mail.emailMessageId)) check.addIssue({ code: 'custom', path: at('outbox', i, 'emailMessageId'), message: `no EmailMessage "${mail.emailMessageId}" is in salesforce.records` });
  }
  // The next case of an org gets last + 1: below its highest case, numbers would be handed out twice.
  for (const [i, { orgId, last }] of sf.caseNumbers.entries()) {
    const highest = numbers.get(orgId)?.highest ?? 0;
    if (last < highest) check.addIssue({ code: 'custom', path: at('caseNumbers', i, 'last'), message: `must be at least ${highest}, the highest CaseNumber of org ${orgId} in salesforce.records` });
  }
}
