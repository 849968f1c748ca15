import { randomFillSync, randomUUID } from 'node:crypto';

/** A lower-case RFC 4122 v4 UUID, the only id form MIAW accepts for conversations and entries. */
export const newUuid = (): string => randomUUID();

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isLowerCaseUuid = (value: string): boolean => LOWER_UUID.test(value);

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The three-character case-checksum suffix that turns a 15-character Salesforce id into 18. */
export function caseChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(bits);
  }
  return suffix;
}

export const to18 = (id15: string): string => id15 + caseChecksum(id15);

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/**
 * Reduce a 15- or 18-character Salesforce id to its 15-character form, or `undefined` when it is
 * not one. The 18-character form is case-insensitive: its suffix says which of the first 15
 * characters are upper case, so `00dsim0000000012ba` and `00DSIM0000000012BA` are the same id.
 * A suffix that contradicts the characters (a digit marked upper case) is refused.
 */
export function normalizeSalesforceId(id: string): string | undefined {
  if (!SF_ID.test(id)) return undefined;
  if (id.length === 15) return id;
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = CHECKSUM_ALPHABET.indexOf(id.charAt(15 + chunk).toUpperCase());
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(chunk * 5 + i);
      const upper = (bits >> i) & 1;
      if (upper && !/[a-zA-Z]/.test(c)) return undefined;
      id15 += upper ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return id15;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes for record ids, filled 4 KiB at a time: one `randomInt` per character cost a call
 * into crypto per character (twelve per id, two ids per created conversation).
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** One of the 62 characters, uniformly: bytes from 248 up (248 = 4 × 62) are skipped. */
function randomBase62(): string {
  for (;;) {
    if (poolAt === pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    const byte = pool[poolAt++]!;
    if (byte < 248) return BASE62.charAt(byte % 62);
  }
}

/** A fresh 18-character Salesforce-looking record id with the given 3-character key prefix. */
export function newRecordId(prefix: string): string {
  let body = prefix;
  while (body.length < 15) body += randomBase62();
  return to18(body);
}
