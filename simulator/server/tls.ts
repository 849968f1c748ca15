import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { FILE_LIMITS, FileTooLargeError, readBoundedText } from '../shared/readBoundedText.ts';

/** What the HTTPS server is given, and where the certificate lives (to trust it). */
export interface TlsSetup {
  cert: string;
  key: string;
  /** The certificate file (generated into the data dir, or given with --cert); absent when in memory. */
  certFile?: string;
  /** Names the certificate is valid for (its subject alternative names). */
  hosts: string[];
  generated: boolean;
}

export const TLS_FILES = { cert: 'tls-cert.pem', key: 'tls-key.pem' } as const;
const ALWAYS = ['localhost', '127.0.0.1', '::1'];
const DAY_MS = 86_400_000;

/** IPv6 in its short form (`0:0:0:0:0:0:0:1` -> `::1`), anything else lower-cased. */
const canonical = (name: string) => (isIP(name) === 6 ? new URL(`http://[${name}]`).hostname.slice(1, -1) : name.toLowerCase());
/** `DNS:localhost, IP Address:127.0.0.1` -> ['localhost', '127.0.0.1'] */
const namesOf = (cert: X509Certificate) => (cert.subjectAltName ?? '').split(', ').map((n) => canonical(n.replace(/^(DNS|IP Address):/, '')));

/**
 * The certificate and key to serve HTTPS with: the files given (`--cert`/`--key`, checked to be a
 * pair), else a self-signed one for localhost, 127.0.0.1, ::1 and the extra `hosts`. Generated
 * certificates are kept in `dataDir` (key 0600) and reused while they cover the names and have
 * more than a week left, so a browser that was told to trust one keeps trusting it.
 *
 * `selfsigned` (pure JavaScript over WebCrypto) makes the certificate because Node cannot create
 * X.509 certificates, and shelling out to `openssl` would fail where it is not installed (Windows).
 */
export async function tlsSetup(options: { hosts: string[]; certFile?: string; keyFile?: string; dataDir?: string; now?: number }): Promise<TlsSetup> {
  const now = options.now ?? Date.now();
  if (options.certFile || options.keyFile) return fromFiles(options.certFile, options.keyFile);
  const hosts = [...new Set([...ALWAYS, ...options.hosts.map((h) => canonical(h.trim())).filter(Boolean)])];
  const files = options.dataDir ? { cert: join(options.dataDir, TLS_FILES.cert), key: join(options.dataDir, TLS_FILES.key) } : undefined;
  if (files && existsSync(files.cert) && existsSync(files.key)) {
    const cert = readFileSync(files.cert, 'utf8');
    const x509 = new X509Certificate(cert);
    const covered = new Set(namesOf(x509));
    if (hosts.every((h) => covered.has(h)) && Date.parse(x509.validTo) - now > 7 * DAY_MS) {
      return { cert, key: readFileSync(files.key, 'utf8'), certFile: files.cert, hosts: [...covered], generated: false };
    }
  }
  // Loaded only when a certificate is generated: selfsigned pulls in a large X.509 library. It is
  // CommonJS: its exports are the default export both in Node and in the CLI bundle (where named
  // exports of a CommonJS module are not detected).
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'miaw-sim local certificate' }, { name: 'organizationName', value: 'miaw-sim' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
  if (files) {
    writeFileSync(files.cert, pems.cert);
    writeFileSync(files.key, pems.private, { mode: 0o600 });
    chmodSync(files.key, 0o600);
  }
  return { cert: pems.cert, key: pems.private, certFile: files?.cert, hosts, generated: true };
}

function fromFiles(certFile: string | undefined, keyFile: string | undefined): TlsSetup {
  if (!certFile || !keyFile) throw new Error('[miaw-sim] --cert and --key go together: give both PEM files, or neither to have a certificate generated.');
  const read = (file: string, what: string) => {
    try {
      return readBoundedText(file, FILE_LIMITS.config);
    } catch (err) {
      if (err instanceof FileTooLargeError) throw new Error(`[miaw-sim] The ${what} file ${file} is larger than ${err.maxBytes} bytes: it is not a PEM ${what}.`);
      throw new Error(`[miaw-sim] Cannot read the ${what} file ${file}. Check the path given to --${what === 'certificate' ? 'cert' : 'key'}.`);
    }
  };
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'private key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error(`[miaw-sim] ${certFile} is not a PEM certificate ("-----BEGIN CERTIFICATE-----").`);
  }
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new Error(`[miaw-sim] ${keyFile} is not a PEM private key (an encrypted key is not supported).`);
  }
  if (!matches) throw new Error(`[miaw-sim] ${keyFile} is not the private key of the certificate in ${certFile}.`);
  return { cert, key, certFile, hosts: namesOf(x509), generated: false };
}
