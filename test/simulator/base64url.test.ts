import { randomBytes } from 'node:crypto';
import { base64url, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../simulator/auth/base64url.ts';
import { protectedHeader } from '../../simulator/auth/identityToken.ts';

// The identity-token path decodes base64url through Buffer where that gives jose's answer, and
// reads the protected header itself: for every input here, the outcome (bytes, or refused) must be
// jose's own.

type Outcome = { ok: true; value: unknown } | { ok: false };
const outcome = (fn: () => unknown): Outcome => {
  try {
    const value = fn();
    return { ok: true, value: value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value };
  } catch {
    return { ok: false };
  }
};

const b64u = (text: string) => Buffer.from(text).toString('base64url');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Random strings of base64url's alphabet, of every length 0..40 (a lone last character included). */
const plain = Array.from({ length: 41 }, (_, n) => Array.from(randomBytes(n), (b) => ALPHABET[b % 64]).join(''));

const odd = [
  '', 'A', 'AA', 'AAA', 'AAAA', 'AB==', 'AB=', 'ABC=', 'A===', '====',
  'ab+c', 'ab/c', 'a b', 'ab\tcd', ' abcd', 'abcd\n', 'ab!c', 'abé', 'ab\u0000c', 'ab.c',
  // Non-zero bits after the last whole byte: both ignore them.
  'AB', 'AP', 'ABD', 'AB_', '__', '-_-',
];

describe('decodeBase64url decodes, accepts and refuses as jose base64url.decode', () => {
  it.each([...plain, ...odd].map((s) => [JSON.stringify(s), s]))('%s', (_shown, text) => {
    expect(outcome(() => decodeBase64url(text))).toEqual(outcome(() => base64url.decode(text)));
  });

  it('decodes 1,000 random byte strings to the same bytes', () => {
    for (let i = 0; i < 1000; i++) {
      const text = randomBytes(i % 300).toString('base64url');
      expect(Buffer.from(decodeBase64url(text)).equals(Buffer.from(base64url.decode(text)))).toBe(true);
    }
  });
});

const tail = `.${b64u('{"sub":"a"}')}.c2ln`;
const headers = [
  `${b64u('{"alg":"RS256","kid":"k"}')}${tail}`,
  `${b64u('{"alg":"RS256","kid":"k"}')}.p.s.x.y`,
  `${b64u('{"alg":"RS256"}')}.p`,
  `${b64u('{"alg":"RS256"}')}.p.s.x`,
  `${b64u('{"alg":"RS256"}')}`,
  tail,
  `.${tail}`,
  `${b64u('[1,2]')}${tail}`,
  `${b64u('null')}${tail}`,
  `${b64u('"alg"')}${tail}`,
  `${b64u('{"alg":')}${tail}`,
  `${b64u('\uFEFF{"alg":"RS256"}')}${tail}`,
  `${Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')}${tail}`,
  `${b64u('{"alg":"RS256","kid":"é","__proto__":{"x":1}}')}${tail}`,
  `${b64u('{"alg":"RS256"}')}=${tail}`,
  `${Buffer.from('{"alg":"RS256","kid":"k?>"}').toString('base64')}${tail}`,
  `ey J${tail}`,
  `e${tail}`,
  `eyé${tail}`,
];

describe('protectedHeader reads what jose decodeProtectedHeader reads, and refuses what it throws on', () => {
  it.each(headers.map((token) => [JSON.stringify(token.slice(0, 40)), token]))('%s', (_shown, token) => {
    const own = protectedHeader(token);
    expect(own === undefined ? { ok: false } : { ok: true, value: own }).toEqual(outcome(() => decodeProtectedHeader(token)));
  });
});
