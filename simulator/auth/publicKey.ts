import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { badRequest } from '../shared/errors.ts';

/** Smallest RSA modulus accepted for a verification key. */
export const MIN_RSA_BITS = 2048;

/**
 * Turn what an admin uploads (a PEM SPKI public key or a JWK) into a public RSA JWK, refusing
 * private keys, non-RSA keys and keys under 2048 bits with a message that says what to send instead.
 */
export function toPublicRsaJwk(input: { pem?: string; jwk?: JWK }): JWK {
  const key = parse(input);
  if (key.type !== 'public') {
    throw badRequest('PRIVATE_KEY_SUBMITTED', 'That is a private key. Register the public key only (PEM "BEGIN PUBLIC KEY" or a JWK without "d"); keep the private key with the signer.');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw badRequest('KEY_NOT_RSA', `Only RSA keys can verify RS256 identity tokens; this key is ${key.asymmetricKeyType ?? 'unknown'}.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw badRequest('KEY_TOO_SMALL', `The RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required.`);
  }
  const jwk = key.export({ format: 'jwk' }) as JWK;
  return { kty: jwk.kty, n: jwk.n, e: jwk.e, ...(input.jwk?.x5c ? { x5c: input.jwk.x5c } : {}) };
}

function parse(input: { pem?: string; jwk?: JWK }): KeyObject {
  try {
    if (input.jwk) {
      if ('d' in input.jwk) return { type: 'private' } as KeyObject;
      return createPublicKey({ key: input.jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    }
    if (input.pem) {
      if (/PRIVATE KEY-----/.test(input.pem)) return { type: 'private' } as KeyObject;
      return createPublicKey(input.pem);
    }
  } catch {
    throw badRequest('KEY_UNREADABLE', 'The key could not be read. Send {"pem": "-----BEGIN PUBLIC KEY-----..."} (SPKI) or {"jwk": {"kty":"RSA","n":"...","e":"AQAB"}}.');
  }
  throw badRequest('KEY_MISSING', 'Send a public key as {"pem": "..."} or {"jwk": {...}}.');
}

/** The Auth Key ID the simulator assigns to a key: stable for the same key, so restarts keep it. */
export async function assignKid(publicJwk: JWK): Promise<string> {
  return `miaw-sim-${(await calculateJwkThumbprint(publicJwk, 'sha256')).slice(0, 12)}`;
}
