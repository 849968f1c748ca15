import { z } from 'zod';
import { isLowerCaseUuid } from '../ids.ts';
import { UUID_MESSAGE } from './conversationAccess.ts';

/** Pieces shared by the MIAW request schemas. */
export const lowerUuid = z.string({ error: 'must be a string' }).refine(isLowerCaseUuid, { message: UUID_MESSAGE.replace('conversationId', 'the id') });
export const routingAttributes = z.record(z.string(), z.string({ error: 'routing attribute values must be strings' }));
export const esDeveloperName = z.string({ error: 'is required: the API name of the Embedded Service deployment' }).min(1, 'must not be empty');

/** Query values arrive as strings; these coerce them with clear errors. */
export const queryInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .optional();
export const queryBool = z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).transform((v) => v === 'true').optional();
