import type { CustomField, FieldValue, SObjectType } from '../../store/salesforceTypes.ts';

/** What a field holds, as far as the simulator checks it. */
export type FieldKind = 'string' | 'textarea' | 'email' | 'boolean' | 'picklist' | 'reference' | 'datetime';

export interface FieldDef {
  name: string;
  /** The label Salesforce names the field by in error messages. */
  label: string;
  kind: FieldKind;
  /** Longest value taken (characters). */
  length?: number;
  /** An External ID field: upsert can match records by it. */
  externalId?: boolean;
  /** No two records of an org hold the same value; `ignoreCase` when "ABC" and "abc" count as one (a Unique field not marked case-sensitive). */
  unique?: { ignoreCase: boolean };
  /** Refused on create when missing or null (REQUIRED_FIELD_MISSING). */
  required?: boolean;
  /** Filled by Salesforce; a client writing it gets INVALID_FIELD_FOR_INSERT_UPDATE. */
  readOnly?: boolean;
  /** For a reference: the sObject it points at. */
  referenceTo?: SObjectType;
  /** Set on create when the client leaves the field out. */
  defaultValue?: FieldValue;
}

const system = (name: string, label: string, kind: FieldKind = 'string'): FieldDef => ({ name, label, kind, readOnly: true });
const SYSTEM_FIELDS: FieldDef[] = [
  system('Id', 'Record ID', 'reference'),
  system('CreatedDate', 'Created Date', 'datetime'),
  system('CreatedById', 'Created By ID', 'reference'),
  system('LastModifiedDate', 'Last Modified Date', 'datetime'),
  system('LastModifiedById', 'Last Modified By ID', 'reference'),
  system('SystemModstamp', 'System Modstamp', 'datetime'),
  system('IsDeleted', 'Deleted', 'boolean'),
];

/**
 * The standard fields of the sObjects the simulator keeps: the ones a case handoff and an
 * Email-to-Case org use (Salesforce's Object Reference for Case and EmailMessage), with their lengths.
 */
export const STANDARD_FIELDS: Readonly<Record<SObjectType, readonly FieldDef[]>> = {
  Case: [
    ...SYSTEM_FIELDS,
    system('CaseNumber', 'Case Number'),
    system('OwnerId', 'Owner ID', 'reference'),
    system('IsClosed', 'Closed', 'boolean'),
    { name: 'Subject', label: 'Subject', kind: 'string', length: 255 },
    { name: 'Description', label: 'Description', kind: 'textarea', length: 32_000 },
    { name: 'Status', label: 'Status', kind: 'picklist', length: 40, defaultValue: 'New' },
    { name: 'Priority', label: 'Priority', kind: 'picklist', length: 40, defaultValue: 'Medium' },
    { name: 'Origin', label: 'Case Origin', kind: 'picklist', length: 40 },
    { name: 'Type', label: 'Case Type', kind: 'picklist', length: 40 },
    { name: 'Reason', label: 'Case Reason', kind: 'picklist', length: 40 },
    { name: 'SuppliedName', label: 'Web Name', kind: 'string', length: 80 },
    { name: 'SuppliedEmail', label: 'Web Email', kind: 'email', length: 80 },
    { name: 'SuppliedPhone', label: 'Web Phone', kind: 'string', length: 40 },
    { name: 'SuppliedCompany', label: 'Web Company', kind: 'string', length: 80 },
    { name: 'ParentId', label: 'Parent Case ID', kind: 'reference', referenceTo: 'Case' },
  ],
  EmailMessage: [
    ...SYSTEM_FIELDS,
    { name: 'ParentId', label: 'Parent ID', kind: 'reference', referenceTo: 'Case' },
    { name: 'Subject', label: 'Subject', kind: 'string', length: 3000 },
    { name: 'TextBody', label: 'Text Body', kind: 'textarea', length: 131_072 },
    { name: 'HtmlBody', label: 'HTML Body', kind: 'textarea', length: 131_072 },
    { name: 'FromAddress', label: 'From Address', kind: 'email', length: 255 },
    { name: 'FromName', label: 'From Name', kind: 'string', length: 1000 },
    { name: 'ToAddress', label: 'To Address', kind: 'string', length: 4000 },
    { name: 'CcAddress', label: 'CC Address', kind: 'string', length: 4000 },
    { name: 'Incoming', label: 'Is Incoming', kind: 'boolean', defaultValue: false },
    { name: 'Status', label: 'Status', kind: 'picklist', length: 40, defaultValue: '0' },
    { name: 'MessageDate', label: 'Message Date', kind: 'datetime' },
  ],
};

/** The sObjects the simulator serves, in the case the REST API names them. */
export const SOBJECT_TYPES = Object.keys(STANDARD_FIELDS) as SObjectType[];

/** A type name as a client wrote it (`case`, `Case`) -> the sObject, when it is one the simulator serves. */
export const sobjectType = (name: string): SObjectType | undefined => SOBJECT_TYPES.find((t) => t.toLowerCase() === name.toLowerCase());

/** Every field of an sObject: its standard ones and the org's custom ones, by lower-cased name (names are case-insensitive). */
export function fieldsOf(type: SObjectType, customFields: readonly CustomField[]): Map<string, FieldDef> {
  const fields = new Map<string, FieldDef>();
  for (const def of STANDARD_FIELDS[type]) fields.set(def.name.toLowerCase(), def);
  for (const custom of customFields) {
    if (custom.sobject !== type) continue;
    const kind = custom.kind ?? 'string';
    fields.set(custom.name.toLowerCase(), { name: custom.name, label: custom.name.replace(/__c$/, '').replace(/_/g, ' '), kind, length: kind === 'boolean' ? undefined : (custom.length ?? 255), externalId: custom.externalId, required: custom.required, ...(custom.unique ? { unique: { ignoreCase: custom.caseSensitive !== true } } : {}) });
  }
  return fields;
}
