import { CompactSign, importPKCS8 } from 'jose';
import { expect } from 'vitest';
import { generateRsaKeyPair, type PemKeyPair } from '../../simulator/auth/keyPair.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show, signIdentityToken, tokenRequestBase, type ApiResponse } from './sim.ts';

/** Identity tokens the simulator must refuse, and the helpers to build and exchange them (shared by the "401" and "silent-guest" suites). */

const VERIFIED = '/iamessage/api/v2/authorization/authenticated/access-token';

const b64u = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
export const nowS = () => Math.floor(Date.now() / 1000);

/** Sign exactly the header and payload given (payload as a string is signed as is). */
export async function signRaw(header: Record<string, unknown>, payload: unknown, key: CryptoKey | Uint8Array): Promise<string> {
  const bytes = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader(header as { alg: string }).sign(key);
}

/** Claims the default keyset accepts; a case overrides what it is about (undefined drops a claim). */
export const claims = (sim: RunningSimulator, over: Record<string, unknown> = {}) => ({ sub: 'customer-1', iss: sim.issuer, iat: nowS(), exp: nowS() + 300, ...over });

export function exchange(sim: RunningSimulator, customerIdentityToken: string, over: Record<string, unknown> = {}) {
  return call(sim, 'POST', VERIFIED, { body: { ...tokenRequestBase(sim), authorizationType: 'JWT', customerIdentityToken, ...over } });
}

/** The text never repeats the token, nor any 40-character piece of it. */
export function expectNoTokenIn(text: string, token: string) {
  expect(text.includes(token), 'whole token leaked').toBe(false);
  for (let i = 0; i + 40 <= token.length; i++) {
    const chunk = token.slice(i, i + 40);
    if (text.includes(chunk)) expect.fail(`a 40-char piece of the token leaked at offset ${i}: ${chunk}`);
  }
}

export interface Keys {
  sim: RunningSimulator;
  defaultKey: CryptoKey;
  defaultKey512: CryptoKey;
  defaultKey384: CryptoKey;
  defaultKeyPs256: CryptoKey;
  other: PemKeyPair;
}

interface RejectionCase {
  name: string;
  token: (k: Keys) => Promise<string>;
  status: number;
  errorCode: string;
  message: RegExp;
}

export const rejections: RejectionCase[] = [
  {
    name: 'alg none (unsigned, hand-built)',
    token: async ({ sim }) => `${b64u({ alg: 'none', kid: sim.kid, typ: 'JWT' })}.${b64u(claims(sim))}.`,
    status: 401,
    errorCode: 'IDENTITY_TOKEN_ALG_NOT_ALLOWED',
    message: /alg is "none".*only RS256 and RS512 are accepted/,
  },
  {
    name: 'HS256 with the public key PEM as the HMAC secret (alg confusion)',
    token: ({ sim }) => signRaw({ alg: 'HS256', kid: sim.kid }, claims(sim), new TextEncoder().encode(sim.publicKeyPem)),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_ALG_NOT_ALLOWED',
    message: /alg is "HS256".*only RS256 and RS512 are accepted/,
  },
  {
    name: 'RS384 (an RSA alg Salesforce does not list)',
    token: ({ sim, defaultKey384 }) => signRaw({ alg: 'RS384', kid: sim.kid }, claims(sim), defaultKey384),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_ALG_NOT_ALLOWED',
    message: /alg is "RS384".*only RS256 and RS512 are accepted/,
  },
  {
    name: 'PS256 (RSA-PSS with the registered key)',
    token: ({ sim, defaultKeyPs256 }) => signRaw({ alg: 'PS256', kid: sim.kid }, claims(sim), defaultKeyPs256),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_ALG_NOT_ALLOWED',
    message: /alg is "PS256".*only RS256 and RS512 are accepted/,
  },
  {
    name: 'header says RS512, signature made with RS256',
    token: async ({ sim, defaultKey }) => {
      const [, p, sig] = (await signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim), defaultKey)).split('.');
      return `${b64u({ alg: 'RS512', kid: sim.kid })}.${p}.${sig}`;
    },
    status: 401,
    errorCode: 'IDENTITY_TOKEN_SIGNATURE_INVALID',
    message: /signature does not verify/,
  },
  {
    name: 'unknown kid',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: 'no-such-kid-42' }, claims(sim), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_KID_UNKNOWN',
    message: /kid "no-such-kid-42".*Sim_Keyset/,
  },
  {
    name: 'missing kid',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', typ: 'JWT' }, claims(sim), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_KID_MISSING',
    message: /no "kid"/,
  },
  {
    name: 'signed with a different RSA key under the registered kid',
    token: async ({ sim, other }) => signIdentityToken(sim, { privateKeyPem: other.privateKeyPem }),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_SIGNATURE_INVALID',
    message: /signature does not verify/,
  },
  {
    name: 'payload changed after signing (signature kept)',
    token: async ({ sim }) => {
      const [h, , s] = (await signIdentityToken(sim)).split('.');
      return `${h}.${b64u(claims(sim, { sub: 'someone-else' }))}.${s}`;
    },
    status: 401,
    errorCode: 'IDENTITY_TOKEN_SIGNATURE_INVALID',
    message: /signature does not verify/,
  },
  {
    name: 'expired beyond the clock skew',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { iat: nowS() - 900, exp: nowS() - 600 }), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_EXPIRED',
    message: /expired at .*clock skew 60s/,
  },
  {
    name: 'iat in the future beyond the clock skew',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { iat: nowS() + 600, exp: nowS() + 900 }), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_IAT_IN_FUTURE',
    message: /"iat".*in the future/,
  },
  {
    name: 'no exp claim',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { exp: undefined }), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_EXP_MISSING',
    message: /no numeric "exp"/,
  },
  {
    name: 'wrong iss',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { iss: 'https://evil.example' }), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_ISSUER_MISMATCH',
    message: /"iss" is "https:\/\/evil\.example".*expects "miaw-sim"/,
  },
  {
    name: 'missing sub',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { sub: undefined }), defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_SUB_MISSING',
    message: /no "sub"/,
  },
  {
    name: 'oversize (a good signature over a huge claim)',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, claims(sim, { pad: 'x'.repeat(sim.options.identityTokenMaxBytes) }), defaultKey),
    status: 413,
    errorCode: 'IDENTITY_TOKEN_TOO_LARGE',
    message: /bytes; the limit is 8192/,
  },
  {
    name: 'malformed: not a JWS at all',
    token: async () => 'this-is-not-a-jwt-but-a-long-enough-opaque-string-of-text',
    status: 401,
    errorCode: 'IDENTITY_TOKEN_MALFORMED',
    message: /not a compact JWS/,
  },
  {
    name: 'malformed: five parts behind a plausible header',
    token: async ({ sim }) => [b64u({ alg: 'RS256', kid: sim.kid }), b64u('a'), b64u('b'), b64u('c'), b64u('d')].join('.'),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_MALFORMED',
    message: /could not be parsed as a signed JWT/,
  },
  {
    name: 'malformed: signature not base64url',
    token: async ({ sim }) => `${b64u({ alg: 'RS256', kid: sim.kid })}.${b64u(claims(sim))}.!!!not*base64!!!`,
    status: 401,
    errorCode: 'IDENTITY_TOKEN_MALFORMED',
    message: /could not be parsed as a signed JWT/,
  },
  {
    name: 'malformed: well signed, but the payload is not JSON',
    token: ({ sim, defaultKey }) => signRaw({ alg: 'RS256', kid: sim.kid }, 'definitely not json', defaultKey),
    status: 401,
    errorCode: 'IDENTITY_TOKEN_MALFORMED',
    message: /payload is not a JSON object/,
  },
];

export async function importKeys(keys: Keys, sim: RunningSimulator) {
  keys.sim = sim;
  keys.defaultKey = (await importPKCS8(sim.privateKeyPem, 'RS256')) as CryptoKey;
  keys.defaultKey512 = (await importPKCS8(sim.privateKeyPem, 'RS512')) as CryptoKey;
  keys.defaultKey384 = (await importPKCS8(sim.privateKeyPem, 'RS384')) as CryptoKey;
  keys.defaultKeyPs256 = (await importPKCS8(sim.privateKeyPem, 'PS256')) as CryptoKey;
  keys.other = await generateRsaKeyPair();
}

export function expectError(r: ApiResponse, status: number, errorCode: string, message: RegExp) {
  expect(r.status, show(r)).toBe(status);
  expect(r.headers.get('content-type'), show(r)).toMatch(/^application\/json/);
  expect(r.body, show(r)).toMatchObject({ code: String(status), errorCode });
  expect(r.body.message, show(r)).toMatch(message);
}
