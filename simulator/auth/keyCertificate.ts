import { createPublicKey, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';

const DAY_MS = 86_400_000;

export interface KeyCertificate {
  /** The self-signed X.509 certificate of the key pair, PEM. */
  certificatePem: string;
  /** The public key as the JWK Salesforce's user verification takes: `kty`, `n`, `e`, `alg`, `kid` and `x5c` (the certificate, base64 DER). */
  jwk: JWK;
  /** When the certificate stops being valid. */
  validTo: Date;
}

/**
 * A self-signed certificate for a user-verification key pair, and the JWK with `x5c` that Salesforce
 * requires of an uploaded key (and the simulator of a `requireX5c` keyset): Node cannot create
 * certificates, so `selfsigned` (already used for the TLS certificate) signs it with the pair's own key.
 */
export async function certificateForKeyPair(pair: { publicKeyPem: string; privateKeyPem: string }, options: { kid: string; days: number; now?: number; commonName?: string }): Promise<KeyCertificate> {
  const now = options.now ?? Date.now();
  // CommonJS: its exports are the default export both in Node and in the CLI bundle.
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: options.commonName ?? 'miaw-sim user verification key' }], {
    keyPair: { privateKey: pair.privateKeyPem, publicKey: pair.publicKeyPem },
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + options.days * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
    ],
  });
  const cert = new X509Certificate(pems.cert);
  const { kty, n, e } = createPublicKey(pair.publicKeyPem).export({ format: 'jwk' });
  return { certificatePem: pems.cert, jwk: { kty, n, e, alg: 'RS256', kid: options.kid, x5c: [cert.raw.toString('base64')] }, validTo: new Date(cert.validTo) };
}
