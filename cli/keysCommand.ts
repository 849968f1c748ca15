import { createPublicKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { certificateForKeyPair, DEFAULT_KEYSET, DEFAULT_ORG_ID, generateRsaKeyPair } from '../simulator/index.ts';
import type { CliOutput } from './output.ts';

export const KEY_FILES = { privateKey: 'auth-private-key.pem', publicKey: 'auth-public-key.pem', certificate: 'auth-certificate.pem', jwk: 'auth-public-key.jwk.json' } as const;
const ALLOWED_BITS = [2048, 3072, 4096];
/** Salesforce wants an uploaded key's certificate valid at least 10 more days. */
const MIN_CERT_DAYS = 11;

export interface KeysGenerateOptions {
  out: string;
  bits: string | number;
  force: boolean;
  /** Also write a self-signed certificate and the JWK with `x5c` (what Salesforce, and `requireX5c`, require). */
  certificate?: boolean;
  /** How long the certificate is valid, in days. */
  certDays?: string | number;
}

/**
 * `miaw-sim keys generate`: an RSA key pair for user verification, as PEM files (the private key
 * 0600). Prints the public key and how to register it; the private key is never printed.
 * Resolves with the exit code.
 */
export async function keysGenerateCommand(options: KeysGenerateOptions, io: CliOutput): Promise<number> {
  const bits = Number(options.bits);
  if (!ALLOWED_BITS.includes(bits)) {
    io.err(`[miaw-sim] --bits must be 2048, 3072 or 4096, got ${JSON.stringify(String(options.bits))}: RSA keys under 2048 bits are refused by Salesforce and the simulator.`);
    return 1;
  }
  const certDays = Number(options.certDays ?? 365);
  if (options.certificate && !(Number.isInteger(certDays) && certDays >= MIN_CERT_DAYS && certDays <= 3650)) {
    io.err(`[miaw-sim] --cert-days must be a whole number of days from ${MIN_CERT_DAYS} to 3650, got ${JSON.stringify(String(options.certDays))}: Salesforce refuses a key whose certificate is valid for fewer than 10 more days.`);
    return 1;
  }
  const dir = resolve(options.out);
  const privateFile = join(dir, KEY_FILES.privateKey);
  const publicFile = join(dir, KEY_FILES.publicKey);
  const certFile = join(dir, KEY_FILES.certificate);
  const jwkFile = join(dir, KEY_FILES.jwk);
  const existing = [privateFile, publicFile, ...(options.certificate ? [certFile, jwkFile] : [])].filter((f) => existsSync(f));
  if (existing.length && !options.force) {
    io.err(`[miaw-sim] ${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}: nothing was written. Choose another --out directory, or pass --force to replace the pair (the old key stops working once you register the new one in its place).`);
    return 1;
  }

  const pair = await generateRsaKeyPair(bits);
  mkdirSync(dir, { recursive: true });
  for (const file of existing) unlinkSync(file);
  writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  chmodSync(privateFile, 0o600);
  writeFileSync(publicFile, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  chmodSync(publicFile, 0o644);
  const certified = options.certificate ? await writeCertificate(pair, certDays, certFile, jwkFile) : undefined;

  io.out(
    [
      `[miaw-sim] Generated an RSA ${bits}-bit key pair for user verification.`,
      `  Private key  ${privateFile}  (mode 0600: keep it secret; the handoff client signs with it, --private-key)`,
      `  Public key   ${publicFile}  (--public-key)`,
      '',
      pair.publicKeyPem.trimEnd(),
      '',
      'Next: register the public key, then use the Auth Key ID you get back as --auth-key-id.',
      '  Salesforce:  Setup > User Verification > your keyset > add the public key above; the keyset\'s issuer is --issuer.',
      `  Simulator:   curl -s -XPOST http://127.0.0.1:4242/__sim/v1/orgs/${DEFAULT_ORG_ID}/keysets/${DEFAULT_KEYSET}/keys \\`,
      `                 -H 'content-type: application/json' -d "$(jq -Rs '{pem: .}' ${publicFile})"`,
      '               (answers {"kid": "..."}; the keyset\'s issuer is miaw-sim)',
      `  Then check:  npx miaw-sim doctor --messaging-url <url> --org-id <org> --es-developer-name <deployment> \\`,
      `                 --auth-key-id <kid> --issuer <iss> --public-key ${publicFile} --private-key ${privateFile}`,
      ...(certified
        ? [
            '',
            `  Certificate  ${certFile}  (self-signed, valid until ${certified.validTo.toISOString()})`,
            `  JWK + x5c    ${jwkFile}  (kid "${certified.kid}": the key as Salesforce uploads it, and as a requireX5c keyset takes it)`,
            `  Simulator:   curl -s -XPOST http://127.0.0.1:4242/__sim/v1/orgs/${DEFAULT_ORG_ID}/keysets/<keyset>/keys \\`,
            `                 -H 'content-type: application/json' -d "$(jq '{jwk: .}' ${jwkFile})"`,
          ]
        : []),
    ].join('\n'),
  );
  return 0;
}

/** The self-signed certificate of the pair (PEM) and its JWK with `x5c`, kid from the key's thumbprint. */
async function writeCertificate(pair: { publicKeyPem: string; privateKeyPem: string }, days: number, certFile: string, jwkFile: string) {
  const { n, e } = createPublicKey(pair.publicKeyPem).export({ format: 'jwk' });
  const kid = `miaw-${(await calculateJwkThumbprint({ kty: 'RSA', n: n ?? '', e: e ?? '' })).slice(0, 12)}`;
  const certified = await certificateForKeyPair(pair, { kid, days });
  writeFileSync(certFile, certified.certificatePem, { mode: 0o644, flag: 'wx' });
  writeFileSync(jwkFile, `${JSON.stringify(certified.jwk, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  return { kid, validTo: certified.validTo };
}
