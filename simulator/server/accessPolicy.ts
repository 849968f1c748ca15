import { randomBytes } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import type { AccessPolicy } from '../http/controlAccess.ts';
import type { SimOptions } from './options.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/** Whether the simulator listens on more than this machine's loopback interface. */
export const bindsBeyondLoopback = (host: string): boolean => !(host === 'localhost' || host === '::1' || /^127\./.test(host));

/** This machine's addresses (what a wildcard bind answers on), for the Host check and the banner. */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address.toLowerCase()] : []));
}

/** A name matches a pattern exactly, or `*.example.com` / `.example.com` matches its subdomains. */
const matches = (name: string, pattern: string) => {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.') || p.startsWith('.')) {
    const suffix = p.slice(p.indexOf('.'));
    return name.endsWith(suffix) && name.length > suffix.length;
  }
  return name === p;
};

/**
 * Who may reach this simulator: loopback names (and `*.localhost`), the address it is bound to (every
 * interface's for a wildcard bind, and the machine's name), its `--tls-host` names and
 * `--allowed-hosts` (`all` turns the Host check off). Beyond loopback the control plane needs a
 * token: the one given, else a fresh one.
 */
export function accessPolicy(options: SimOptions): AccessPolicy & { controlTokenGenerated: boolean } {
  const allowAll = options.allowedHosts.includes('all') || options.allowedHosts.includes('*');
  const fixed = new Set([...LOOPBACK_HOSTS, options.host.toLowerCase()]);
  if (WILDCARD.has(options.host)) {
    for (const address of interfaceAddresses()) fixed.add(address);
    fixed.add(hostname().toLowerCase());
  }
  const patterns = [...options.tlsHost, ...options.allowedHosts];
  const beyond = bindsBeyondLoopback(options.host);
  const controlToken = beyond ? (options.controlToken ?? randomBytes(24).toString('base64url')) : options.controlToken;
  return {
    hostAllowed: (host) => allowAll || fixed.has(host) || host.endsWith('.localhost') || patterns.some((p) => matches(host, p)),
    controlOrigins: options.controlOrigins,
    ...(controlToken ? { controlToken } : {}),
    controlTokenGenerated: beyond && !options.controlToken,
  };
}
