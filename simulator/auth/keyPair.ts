import { generateKeyPair as generateKeyPairCb, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPairCb);

export interface PemKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
  privateKey: KeyObject;
}

/** A fresh RSA key pair in PEM (SPKI public, PKCS#8 private). */
export async function generateRsaKeyPair(modulusLength = 2048): Promise<PemKeyPair> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}
