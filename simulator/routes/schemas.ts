import { z } from 'zod';
import { isLowerCaseUuid } from '../shared/ids.ts';
import { ASK_ZOD, ownRecord } from '../shared/ownValue.ts';
import { UUID_MESSAGE } from './conversationAccess.ts';

/** Pieces shared by the MIAW request schemas. */
export const lowerUuid = z.string({ error: 'must be a string' }).refine(isLowerCaseUuid, { message: UUID_MESSAGE.replace('conversationId', 'the id') });
/**
 * Routing attributes are strings on Salesforce's side (flow variables). Real clients type them
 * loosely (`Record<string, unknown>`), so numbers and booleans are turned into strings and nulls
 * dropped; objects and arrays are refused. Every key is a key like any other, `__proto__`,
 * `constructor` and `prototype` included (see `ownRecord`).
 */
export const routingAttributeValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()], { error: 'routing attribute values must be strings (numbers and booleans are accepted and turned into strings)' })
  .transform((v) => (v === null ? undefined : String(v)));
/**
 * What `routingAttributeValue` gives for a string, a boolean, null and a finite number (every
 * value a handoff sends), without a zod parse per attribute; anything else is left to it.
 * `test/simulator/routingAttributesQuick.test.ts` holds the two to the same answers.
 */
export const quickRoutingAttributeValue = (raw: unknown): string | undefined | typeof ASK_ZOD =>
  typeof raw === 'string' ? raw : raw === null ? undefined : typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw)) ? String(raw) : ASK_ZOD;
export const ROUTING_ATTRIBUTES_EXPECTED = 'must be an object of routing attribute names and string values';
export const routingAttributes = ownRecord(routingAttributeValue, ROUTING_ATTRIBUTES_EXPECTED, quickRoutingAttributeValue);
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
