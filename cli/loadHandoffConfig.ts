import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HandoffConfigInput } from '../client/index.ts';
import { loadSettings } from '../client/settingsFile.ts';
import { authKeyIdOf, DEFAULT_CONSUMER_KEY, DEFAULT_DEPLOYMENT, DEFAULT_INTEGRATION_USER, DEFAULT_ISSUER, DEFAULT_ORG_ID } from '../simulator/index.ts';
import { DATA_DIR_FILES } from './dataDir.ts';
import { DEFAULT_PASSPHRASE_ENV, type HandoffConfigFlags } from './handoffConfigFlags.ts';

export { DEFAULT_PASSPHRASE_ENV, type HandoffConfigFlags } from './handoffConfigFlags.ts';

export interface LoadedHandoffConfig {
  /** Not validated yet: `parseHandoffConfig` (or `createHandoffClient`) checks it. */
  input: Partial<HandoffConfigInput>;
  source: 'sim' | 'settings' | 'flags';
  /** Where it came from, for the first line a command prints (never a secret). */
  description: string;
}

/**
 * The configuration for `handoff` / `doctor`: a base from `--sim` (the running simulator's data
 * dir; nothing secret is fetched over HTTP) or `--settings`, then any individual flag on top (so
 * `--sim URL --auth-key-id other` changes one field). Validation is left to `parseHandoffConfig`.
 */
export async function loadHandoffConfig(flags: HandoffConfigFlags): Promise<LoadedHandoffConfig> {
  if (flags.sim && flags.settings) {
    throw new Error('[miaw-sim] Give either --sim <url> or --settings <file>, not both; individual flags may be added to either.');
  }
  const overrides = fromFlags(flags);
  if (flags.sim) {
    const dir = resolve(flags.dataDir ?? '.miaw-sim');
    return { input: { ...(await fromSimDataDir(flags.sim, dir)), ...overrides }, source: 'sim', description: `the simulator at ${flags.sim} (keys from ${dir})` };
  }
  if (flags.settings) {
    const envVar = flags.passphraseEnv ?? DEFAULT_PASSPHRASE_ENV;
    return { input: { ...(await loadSettings(flags.settings, { envVar })), ...overrides }, source: 'settings', description: `settings file ${flags.settings}` };
  }
  if (Object.keys(overrides).length === 0) {
    throw new Error('[miaw-sim] No handoff configuration given: use --sim <url> for the running simulator, --settings <file>, or the individual flags (--messaging-url or --instance-url, --org-id, --es-developer-name, --auth-key-id, --issuer, --public-key, --private-key). See --help.');
  }
  return { input: overrides, source: 'flags', description: 'the command-line flags' };
}

function fromFlags(flags: HandoffConfigFlags): Partial<HandoffConfigInput> {
  const out: Partial<HandoffConfigInput> = {};
  const plain = ['messagingUrl', 'instanceUrl', 'orgId', 'esDeveloperName', 'authKeyId', 'issuer'] as const;
  for (const key of plain) if (flags[key] !== undefined) out[key] = flags[key];
  if (flags.publicKey !== undefined) out.authPublicKeyPem = readPem('--public-key', flags.publicKey);
  if (flags.privateKey !== undefined) out.authPrivateKeyPem = readPem('--private-key', flags.privateKey);
  return out;
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`[miaw-sim] Cannot read ${flag} ${file} (${code === 'ENOENT' ? 'no such file' : code}): give the path of a PEM file, e.g. one written by \`miaw-sim keys generate\`.`);
  }
}

/** What the simulator serves by default, with the key pair it keeps in its data dir. */
async function fromSimDataDir(url: string, dir: string): Promise<Partial<HandoffConfigInput>> {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new Error(`[miaw-sim] --sim: no simulator key pair in ${dir} (${name} is missing). Start the simulator first (npx miaw-sim start), or pass the --data-dir it was started with.`);
    }
  };
  const authPublicKeyPem = read(DATA_DIR_FILES.publicKey);
  const authPrivateKeyPem = read(DATA_DIR_FILES.privateKey);
  let authKeyId: string;
  try {
    authKeyId = await authKeyIdOf(authPublicKeyPem);
  } catch {
    throw new Error(`[miaw-sim] --sim: ${join(dir, DATA_DIR_FILES.publicKey)} is not an RSA public key of 2048 bits or more. Start the simulator with a fresh --data-dir to generate a new pair.`);
  }
  // Email Cases: the simulator's default connected app, whose certificate is this same key pair, and its integration user.
  const emailCase = { loginUrl: url, consumerKey: DEFAULT_CONSUMER_KEY, username: DEFAULT_INTEGRATION_USER, privateKeyPem: authPrivateKeyPem };
  return { messagingUrl: url, orgId: DEFAULT_ORG_ID, esDeveloperName: DEFAULT_DEPLOYMENT, issuer: DEFAULT_ISSUER, authKeyId, authPublicKeyPem, authPrivateKeyPem, emailCase };
}
