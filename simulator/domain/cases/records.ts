import { newRecordId, normalizeSalesforceId, to18 } from '../../shared/ids.ts';
import { RestApiError } from '../../shared/salesforceErrors.ts';
import type { SalesforceRecords } from '../../store/salesforceRecords.ts';
import type { FieldValue, RestSession, SObjectRecord, SObjectType } from '../../store/salesforceTypes.ts';
import { checkFields, missingRequired } from './checkFields.ts';
import { salesforceDateTime } from './dateTimes.ts';
import { fieldsOf, sobjectType, type FieldDef } from './sobjectFields.ts';

/** What the record actions work with: the records, and the (simulated) time. */
export interface RecordDeps {
  records: SalesforceRecords;
  now: () => number;
}

/** Key prefixes of the ids Salesforce gives these records. */
const ID_PREFIX: Record<SObjectType, string> = { Case: '500', EmailMessage: '02s' };

const notFound = () => new RestApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

/** The sObject a path names, or 404 NOT_FOUND as the REST API answers for one it does not know. */
export function resolveType(name: string): SObjectType {
  const type = sobjectType(name);
  if (!type) throw notFound();
  return type;
}

/** Create Record (`POST /sobjects/<type>`): checks the body, fills Salesforce's own fields and defaults. */
export function createRecord(deps: RecordDeps, session: RestSession, type: SObjectType, body: unknown): SObjectRecord {
  const fields = fieldsOf(type, deps.records.customFields);
  const values = checkFields(body, checkFor(deps, session, type, fields));
  return insert(deps, session, type, fields, values);
}

/**
 * Upsert by external ID (`PATCH /sobjects/<type>/<field>/<value>`): creates the record when no
 * record has the value (the value goes into the field), updates it when one has, refuses (300)
 * when several have. The field must be an External ID field of the sObject.
 */
export function upsertRecord(deps: RecordDeps, session: RestSession, type: SObjectType, fieldName: string, value: string, body: unknown): { record: SObjectRecord; created: boolean } {
  const fields = fieldsOf(type, deps.records.customFields);
  const field = fields.get(fieldName.toLowerCase());
  if (!field?.externalId) throw new RestApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName.slice(0, 100)}`);
  const check = checkFor(deps, session, type, fields);
  // The value in the URL is the one that counts (a client sends the same one in the body, or none), checked like one in the body.
  const values = { ...checkFields(body, check), ...checkFields({ [field.name]: value }, check) };
  // Case-insensitive only for a Unique field not marked case-sensitive (Salesforce's "Upserting Records").
  const matches = deps.records.findBy(session.orgId, type, field.name, value, { ignoreCase: field.unique?.ignoreCase ?? false });
  if (matches.length > 1) {
    throw new RestApiError(300, 'MULTIPLE_RECORDS', `More than one record found for external id field ${field.name}: ${matches.map((r) => r.id).join(', ')}`);
  }
  const existing = matches[0];
  if (!existing) return { record: insert(deps, session, type, fields, values), created: true };
  refuseDuplicates(deps, session, type, fields, values, existing.id);
  Object.assign(existing.fields, values, stamp(deps, session));
  deps.records.putRecord(existing);
  return { record: existing, created: false };
}

/** Get Record (`GET /sobjects/<type>/<id>`): the record of this type in the caller's org, or 404. */
export function getRecord(deps: RecordDeps, session: RestSession, type: SObjectType, id: string): SObjectRecord {
  const id15 = normalizeSalesforceId(id);
  const record = id15 ? deps.records.record(to18(id15)) : undefined;
  if (!record || record.type !== type || record.orgId !== session.orgId) throw notFound();
  return record;
}

function insert(deps: RecordDeps, session: RestSession, type: SObjectType, fields: Map<string, FieldDef>, values: Record<string, FieldValue>): SObjectRecord {
  const missing = missingRequired(fields, values);
  if (missing.length) throw new RestApiError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  refuseDuplicates(deps, session, type, fields, values);
  const defaults = [...fields.values()].filter((def) => def.defaultValue !== undefined && !Object.hasOwn(values, def.name)).map((def) => [def.name, def.defaultValue!] as const);
  const now = salesforceDateTime(deps.now());
  const own: Record<string, FieldValue> = {
    CreatedDate: now,
    CreatedById: session.userId,
    IsDeleted: false,
    ...(type === 'Case' ? { CaseNumber: deps.records.nextCaseNumber(session.orgId), OwnerId: session.userId } : { MessageDate: now }),
  };
  const record: SObjectRecord = { type, id: newRecordId(ID_PREFIX[type]), orgId: session.orgId, fields: { ...own, ...Object.fromEntries(defaults), ...values, ...stamp(deps, session) } };
  record.fields.Id = record.id;
  deps.records.putRecord(record);
  return record;
}

/** A value a Unique field already holds on another record of the org is DUPLICATE_VALUE, as Salesforce answers it. */
function refuseDuplicates(deps: RecordDeps, session: RestSession, type: SObjectType, fields: Map<string, FieldDef>, values: Record<string, FieldValue>, self?: string): void {
  for (const def of fields.values()) {
    const value = Object.hasOwn(values, def.name) ? values[def.name] : undefined;
    if (!def.unique || typeof value !== 'string' || value === '') continue;
    const other = deps.records.findBy(session.orgId, type, def.name, value, { ignoreCase: def.unique.ignoreCase }).find((r) => r.id !== self);
    if (other) throw new RestApiError(400, 'DUPLICATE_VALUE', `duplicate value found: ${def.name} duplicates value on record with id: ${other.id}`, []);
  }
}

function stamp(deps: RecordDeps, session: RestSession): Record<string, FieldValue> {
  const now = salesforceDateTime(deps.now());
  return { LastModifiedDate: now, LastModifiedById: session.userId, SystemModstamp: now };
}

function checkFor(deps: RecordDeps, session: RestSession, type: SObjectType, fields: Map<string, FieldDef>) {
  return {
    type,
    fields,
    exists: (target: SObjectType, id: string) => {
      const record = deps.records.record(id);
      return record?.type === target && record.orgId === session.orgId;
    },
  };
}
