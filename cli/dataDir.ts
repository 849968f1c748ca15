import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateRsaKeyPair } from '../simulator/index.ts';
import { checkKeyPair, makeDataDir, readTokenSecret } from './dataDirChecks.ts';

/** File names inside the data dir (`--sim` in `handoff` / `doctor` reads the key pair from them). */
export const DATA_DIR_FILES = { privateKey: 'default-key.pem', publicKey: 'default-key.pub.pem' } as const;

export interface DataDir {
  dir: string;
  privateKeyFile: string;
  publicKeyFile: string;
  publicKeyPem: string;
  tokenSecret: Uint8Array;
  /** The file the control token is kept in (0600), once `controlToken()` made it. */
  controlTokenFile: string;
  /** The control token for a simulator that listens beyond loopback: made on first use, then the same across restarts. */
  controlToken(): string;
  /** True when this run generated the key pair. */
  created: boolean;
}

/**
 * The simulator's own files (`.miaw-sim/` by default, git-ignored): the default verification key
 * pair and the secret access tokens are signed with, generated on first run and reused after, so
 * the Auth Key ID and issued tokens survive restarts. Private material is written 0600.
 */
export async function openDataDir(path: string): Promise<DataDir> {
  const dir = resolve(path);
  makeDataDir(dir);
  const privateKeyFile = join(dir, DATA_DIR_FILES.privateKey);
  const publicKeyFile = join(dir, DATA_DIR_FILES.publicKey);
  const secretFile = join(dir, 'token-secret');
  const controlTokenFile = join(dir, 'control-token');
  let created = false;
  if (!existsSync(privateKeyFile) || !existsSync(publicKeyFile)) {
    const pair = await generateRsaKeyPair();
    writeSecret(privateKeyFile, pair.privateKeyPem);
    writeFileSync(publicKeyFile, pair.publicKeyPem);
    created = true;
  }
  if (!existsSync(secretFile)) writeSecret(secretFile, randomBytes(32).toString('base64url'));
  writeIgnore(dir);
  const publicKeyPem = readFileSync(publicKeyFile, 'utf8');
  checkKeyPair(privateKeyFile, readFileSync(privateKeyFile, 'utf8'), publicKeyFile, publicKeyPem);
  return {
    dir,
    privateKeyFile,
    publicKeyFile,
    publicKeyPem,
    tokenSecret: readTokenSecret(secretFile),
    controlTokenFile,
    controlToken: () => {
      // An emptied file would leave the control plane guarded by a token no file shows: make a new one.
      if (!existsSync(controlTokenFile) || !readFileSync(controlTokenFile, 'utf8').trim()) writeSecret(controlTokenFile, randomBytes(24).toString('base64url'));
      return readFileSync(controlTokenFile, 'utf8').trim();
    },
    created,
  };
}

function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** A `.gitignore` inside the folder, so its keys are never committed even where the project's ignore misses it. */
function writeIgnore(dir: string): void {
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}
