import { z } from 'zod';
import { isLowerCaseUuid } from '../shared/ids.ts';
import { ownRecord } from '../shared/ownValue.ts';
import { UUID_MESSAGE } from './conversationAccess.ts';

/** Pieces shared by the MIAW request schemas. */
export const lowerUuid = z.string({ error: 'must be a string' }).refine(isLowerCaseUuid, { message: UUID_MESSAGE.replace('conversationId', 'the id') });
/**
 * Routing attributes are strings on Salesforce's side (flow variables). Real clients type them
 * loosely (`Record<string, unknown>`), so numbers and booleans are turned into strings and nulls
 * dropped; objects and arrays are refused. Every key is a key like any other, `__proto__`,
 * `constructor` and `prototype` included (see `ownRecord`).
 */
export const routingAttributes = ownRecord(
  z
    .union([z.string(), z.number(), z.boolean(), z.null()], { error: 'routing attribute values must be strings (numbers and booleans are accepted and turned into strings)' })
    .transform((v) => (v === null ? undefined : String(v))),
  'must be an object of routing attribute names and string values',
).transform((attributes) => attributes as Record<string, string>);
export const esDeveloperName = z.string({ error: 'is required: the API name of the Embedded Service deployment' }).min(1, 'must not be empty');

/** A parsed query string (`req.query`, or `querystring.parse` in the node:http lane) as an operation reads it: the named parameters, each a string, an array of them, or absent. */
export type QueryOf<K extends string> = Partial<Record<K, unknown>>;

/** Query values arrive as strings; these coerce them with clear errors. */
export const queryInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .optional();
export const queryBool = z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).transform((v) => v === 'true').optional();

/** The page size MIAW's list endpoints use: 20 unless asked, at least 1, at most 50. */
export const pageLimit = (limit: number | undefined): number => Math.min(Math.max(limit ?? 20, 1), 50);
