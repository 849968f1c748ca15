import type { JWK } from 'jose';
import { z } from 'zod';
import { toPublicRsaJwk } from '../auth/publicKey.ts';

/** The field types the state export's schema is built of (`stateSchema.ts`), shared by its parts. */

/** The latest instant a stored time may be (9999-12-31T23:59:59.999Z): any later and dates stop printing as ISO years. */
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A moment, epoch milliseconds. */
export const Time = z.number().nonnegative().max(MAX_TIME, 'must be a time before the year 10000 (epoch milliseconds)');
export const Text = z.string();
export const Name = z.string().min(1, 'must not be empty');
export const OrgId = z.string().regex(/^00D[0-9A-Za-z]{12}$/, 'must be a 15-character org id starting with 00D');

const Base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url (letters, digits, - and _)');

/** A registered public key: an RSA public JWK that passes the same checks as registering it (`POST …/keys`). */
const CheckedJwk = z
  .object({ kty: z.literal('RSA', { error: 'must be "RSA"' }), n: Base64url, e: Base64url })
  .catchall(z.unknown())
  .superRefine((jwk, check) => {
    if ('d' in jwk) return void check.addIssue({ code: 'custom', path: ['d'], message: 'is a private key part: a state file holds public keys only' });
    try {
      toPublicRsaJwk({ jwk: jwk as JWK });
    } catch (err) {
      check.addIssue({ code: 'custom', message: `is not a usable RSA public key: ${(err as Error).message.replace(/^\[miaw-sim\] /, '')}` });
    }
  });

/** Typed as jose's `JWK`, as the store keeps it (the check above is stricter than that type). */
export const PublicJwk = CheckedJwk as unknown as z.ZodType<JWK, JWK>;
