import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { compactVerify, errors as joseErrors } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyRsaJws } from '../../simulator/auth/rsaJws.ts';

// verifyRsaJws replaces jose's compactVerify (WebCrypto) on the identity-token path: for every token
// here, both must agree on accept (same payload bytes), refuse as "signature", or refuse as "malformed".

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64u = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const claims = { iss: 'me', sub: 'customer-1', exp: 4_000_000_000 };

/** Header and payload parts exactly as given, signed with `key` (RS256 or RS512 by `hash`). */
function signed(header: unknown, payloadPart: string, key: KeyObject = pair.privateKey, hash = 'sha256'): string {
  const input = `${b64u(header)}.${payloadPart}`;
  return `${input}.${sign(hash, Buffer.from(input, 'latin1'), key).toString('base64url')}`;
}

const good = signed({ alg: 'RS256', kid: 'k' }, b64u(claims));
const cases: Array<{ name: string; token: string; alg?: 'RS256' | 'RS512'; key?: KeyObject }> = [
  { name: 'a good RS256 token', token: good },
  { name: 'a good RS512 token', token: signed({ alg: 'RS512', kid: 'k' }, b64u(claims), pair.privateKey, 'sha512'), alg: 'RS512' },
  { name: 'RS256 bytes checked as RS512', token: good, alg: 'RS512' },
  { name: 'another key', token: signed({ alg: 'RS256' }, b64u(claims), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) },
  { name: 'a changed payload', token: `${good.split('.')[0]}.${b64u({ ...claims, sub: 'x' })}.${good.split('.')[2]}` },
  { name: 'a truncated signature', token: good.slice(0, -4) },
  { name: 'an empty signature', token: `${good.split('.').slice(0, 2).join('.')}.` },
  { name: 'a signature with a + in it', token: `${good.slice(0, -1)}+` },
  { name: 'a signature with a ! in it', token: `${good.slice(0, -1)}!` },
  { name: 'padding on the signature', token: `${good}=` },
  { name: 'four parts', token: `${good}.x` },
  { name: 'a non-ASCII payload part', token: signed({ alg: 'RS256' }, 'é') },
  { name: 'a payload part with a tab and a space, well signed', token: signed({ alg: 'RS256' }, `${b64u(claims).slice(0, 8)}\t ${b64u(claims).slice(8)}`) },
  { name: 'an unencoded payload with a newline', token: signed({ alg: 'RS256', crit: ['b64'], b64: false }, '{"sub":\n"a"}') },
  { name: 'a payload that is not base64url, well signed', token: signed({ alg: 'RS256' }, 'a!b') },
  { name: 'a payload of one base64 character, well signed', token: signed({ alg: 'RS256' }, 'a') },
  { name: 'crit b64 false, payload unencoded', token: signed({ alg: 'RS256', crit: ['b64'], b64: false }, JSON.stringify(claims)) },
  { name: 'crit b64 true', token: signed({ alg: 'RS256', crit: ['b64'], b64: true }, b64u(claims)) },
  { name: 'crit b64 twice', token: signed({ alg: 'RS256', crit: ['b64', 'b64'], b64: true }, b64u(claims)) },
  { name: 'crit b64 without b64', token: signed({ alg: 'RS256', crit: ['b64'] }, b64u(claims)) },
  { name: 'crit b64 as a string', token: signed({ alg: 'RS256', crit: ['b64'], b64: 'false' }, b64u(claims)) },
  { name: 'b64 false without crit', token: signed({ alg: 'RS256', b64: false }, b64u(claims)) },
  { name: 'crit naming an unknown extension', token: signed({ alg: 'RS256', crit: ['exp'], exp: 1 }, b64u(claims)) },
  { name: 'crit empty', token: signed({ alg: 'RS256', crit: [] }, b64u(claims)) },
  { name: 'crit not an array', token: signed({ alg: 'RS256', crit: 'b64', b64: true }, b64u(claims)) },
  { name: 'crit with an empty name', token: signed({ alg: 'RS256', crit: [''] }, b64u(claims)) },
  { name: 'a 1024-bit key', token: signed({ alg: 'RS256' }, b64u(claims), small.privateKey), key: small.publicKey },
  { name: 'an EC key', token: good, key: ec.publicKey },
];

type Outcome = { ok: true; payload: string } | { ok: false; reason: 'signature' | 'malformed' };

async function joseOutcome(token: string, key: KeyObject, alg: string): Promise<Outcome> {
  try {
    return { ok: true, payload: Buffer.from((await compactVerify(token, key, { algorithms: [alg] })).payload).toString('latin1') };
  } catch (err) {
    return { ok: false, reason: err instanceof joseErrors.JWSSignatureVerificationFailed ? 'signature' : 'malformed' };
  }
}

function ownOutcome(token: string, key: KeyObject, alg: 'RS256' | 'RS512'): Outcome {
  // The simulator reads the header first (jose's decodeProtectedHeader, which refuses what is not 3 or 5 parts).
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
  const checked = verifyRsaJws(token, header, key, alg);
  return checked.ok ? { ok: true, payload: Buffer.from(checked.payload).toString('latin1') } : checked;
}

describe('verifyRsaJws accepts and refuses what jose compactVerify does', () => {
  it.each(cases)('$name', async ({ token, alg = 'RS256', key = pair.publicKey }) => {
    expect(ownOutcome(token, key, alg)).toEqual(await joseOutcome(token, key, alg));
  });

  it('accepts a key imported from a JWK, as registered keys are', () => {
    const fromJwk = createPublicKey({ key: pair.publicKey.export({ format: 'jwk' }), format: 'jwk' });
    expect(ownOutcome(good, fromJwk, 'RS256')).toEqual({ ok: true, payload: JSON.stringify(claims) });
  });

  it('refuses a private key given as the verification key', async () => {
    const privateKey = createPrivateKey(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(ownOutcome(good, privateKey, 'RS256')).toEqual({ ok: false, reason: 'malformed' });
  });
});
