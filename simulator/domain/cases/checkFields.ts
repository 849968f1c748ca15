import { normalizeSalesforceId, to18 } from '../../shared/ids.ts';
import { RestApiError } from '../../shared/salesforceErrors.ts';
import type { FieldValue, SObjectType } from '../../store/salesforceTypes.ts';
import { parseSalesforceDateTime, salesforceDateTime } from './dateTimes.ts';
import type { FieldDef } from './sobjectFields.ts';

const badRequest = (errorCode: string, message: string, fields?: string[]) => new RestApiError(400, errorCode, message, fields);

/** Whether a value is an email address as Salesforce's email fields take one: one @, a dotted domain, no spaces (no regex: linear on any input). */
export function isEmailAddress(value: string): boolean {
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@') || /\s/.test(value)) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.');
  return dot > 0 && !domain.endsWith('.') && !domain.includes('..');
}

export interface FieldCheck {
  type: SObjectType;
  fields: Map<string, FieldDef>;
  /** Whether a reference points at an existing record of that type in the caller's org. */
  exists(type: SObjectType, id: string): boolean;
}

/**
 * A request body as record fields, checked the way the REST API checks one: a JSON object; every
 * key a field of the sObject (INVALID_FIELD), writable (INVALID_FIELD_FOR_INSERT_UPDATE), of the
 * right type (JSON_PARSER_ERROR; a datetime in ISO 8601, written back as Salesforce writes one), within its length (STRING_TOO_LONG), an email where one is due
 * (INVALID_EMAIL_ADDRESS), an existing record where a reference is (MALFORMED_ID,
 * INVALID_CROSS_REFERENCE_KEY). Keys come back in the field's own spelling.
 */
export function checkFields(body: unknown, check: FieldCheck): Record<string, FieldValue> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('JSON_PARSER_ERROR', `Cannot deserialize instance of ${check.type} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE'} token: send the fields as one JSON object`);
  }
  const out: Array<[string, FieldValue]> = [];
  for (const [key, raw] of Object.entries(body)) {
    const def = check.fields.get(key.toLowerCase());
    if (!def) throw badRequest('INVALID_FIELD', `No such column '${key.slice(0, 100)}' on sobject of type ${check.type}`);
    if (def.readOnly) {
      throw badRequest('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${def.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [def.name]);
    }
    out.push([def.name, checkValue(def, raw, check)]);
  }
  return Object.fromEntries(out);
}

function checkValue(def: FieldDef, raw: unknown, check: FieldCheck): FieldValue {
  if (raw === null) return null;
  if (def.kind === 'boolean') {
    if (typeof raw !== 'boolean') throw badRequest('JSON_PARSER_ERROR', `Cannot deserialize instance of boolean from ${typeof raw} value for field ${def.name}`);
    return raw;
  }
  if (def.kind === 'datetime') return checkDateTime(def, raw);
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw badRequest('JSON_PARSER_ERROR', `Cannot deserialize instance of ${def.kind === 'reference' ? 'reference' : 'string'} from ${Array.isArray(raw) ? 'START_ARRAY' : typeof raw === 'object' ? 'START_OBJECT' : typeof raw} value for field ${def.name}`);
  }
  const value = String(raw);
  if (def.kind === 'reference') return checkReference(def, value, check);
  if (def.length !== undefined && value.length > def.length) {
    throw badRequest('STRING_TOO_LONG', `${def.label}: data value too large: ${value.slice(0, 40)}... (max length=${def.length})`, [def.name]);
  }
  if (def.kind === 'email' && value !== '' && !isEmailAddress(value)) {
    throw badRequest('INVALID_EMAIL_ADDRESS', `${def.label}: invalid email address: ${value.slice(0, 80)}`, [def.name]);
  }
  return value;
}

/** Jackson's name for the JSON token a value starts with, as Salesforce's parser errors say it. */
function jsonToken(raw: unknown): string {
  if (typeof raw === 'string') return 'VALUE_STRING';
  if (typeof raw === 'number') return Number.isInteger(raw) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (typeof raw === 'boolean') return raw ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return Array.isArray(raw) ? 'START_ARRAY' : 'START_OBJECT';
}

/** A datetime field: an ISO 8601 string, written back in Salesforce's own form (UTC, `+0000`). */
function checkDateTime(def: FieldDef, raw: unknown): string {
  const ms = typeof raw === 'string' ? parseSalesforceDateTime(raw) : undefined;
  if (ms === undefined) {
    const shown = typeof raw === 'object' ? '' : ` value ${String(raw).slice(0, 40)}`;
    throw badRequest('JSON_PARSER_ERROR', `Cannot deserialize instance of datetime from ${jsonToken(raw)}${shown} or request may be missing a required field: ${def.name}`);
  }
  return salesforceDateTime(ms);
}

function checkReference(def: FieldDef, value: string, check: FieldCheck): string {
  const id15 = normalizeSalesforceId(value);
  if (!id15) throw badRequest('MALFORMED_ID', `${def.label}: id value of incorrect type: ${value.slice(0, 40)}`, [def.name]);
  const id = to18(id15);
  if (!def.referenceTo || !check.exists(def.referenceTo, id)) {
    throw badRequest('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [def.name]);
  }
  return id;
}

/** Required fields a new record lacks (REQUIRED_FIELD_MISSING names them all). */
export function missingRequired(fields: Map<string, FieldDef>, values: Record<string, FieldValue>): string[] {
  return [...fields.values()].filter((def) => def.required && (!Object.hasOwn(values, def.name) || values[def.name] === null || values[def.name] === '')).map((def) => def.name);
}
