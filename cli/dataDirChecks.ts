import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';

/**
 * What the data dir's files must hold before the simulator uses them: a file someone emptied or
 * overwrote stops the start with one line naming it, instead of an empty token secret (tokens
 * anyone could sign) or a key error that names no file.
 */

/** The data dir itself, or one line saying why it cannot be one (a file of that name, no permission). */
export function makeDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new Error(`[miaw-sim] Cannot use ${dir} as the data dir (--data-dir): ${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file, not a folder, is in the way' : message}.`);
  }
}

/** The secret access tokens are signed with: base64url, 32 bytes or more (what the simulator writes). */
export function readTokenSecret(file: string): Uint8Array {
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[\w-]{43,}$/.test(text)) {
    throw new Error(`[miaw-sim] ${file} does not hold a token secret (base64url, 32 bytes or more), so access tokens signed with it could be forged. Delete the file to have a new one generated (access tokens issued before stop working).`);
  }
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** The default key pair: two PEM files of one RSA key. */
export function checkKeyPair(privateKeyFile: string, privateKeyPem: string, publicKeyFile: string, publicKeyPem: string): void {
  const fix = `Delete ${privateKeyFile} and ${publicKeyFile} to have a new pair generated (its Auth Key ID changes), or put the right files back.`;
  let derived: string;
  try {
    derived = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new Error(`[miaw-sim] ${privateKeyFile} is not a PEM private key. ${fix}`);
  }
  let given: string;
  try {
    given = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new Error(`[miaw-sim] ${publicKeyFile} is not a PEM public key. ${fix}`);
  }
  if (derived !== given) throw new Error(`[miaw-sim] ${publicKeyFile} is not the public key of ${privateKeyFile}: identity tokens signed with the one would fail against the other. ${fix}`);
}
