import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { MiawApiError } from '../shared/errors.ts';

/** Who may reach the simulator, and who may drive its control plane. */
export interface AccessPolicy {
  /** Whether the `Host` a request names is one this simulator answers to (DNS rebinding). */
  hostAllowed(host: string): boolean;
  /** Origins other than the simulator's own that may call `/__sim/v1` from a browser (`--control-origins`). */
  controlOrigins: string[];
  /** Required from callers that are not on this machine (`--control-token`); absent when bound to loopback only. */
  controlToken?: string;
}

export const CONTROL_TOKEN_HEADER = 'x-miaw-sim-token';
export const CONTROL_TOKEN_COOKIE = 'miaw-sim-control';

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
export const isLoopbackAddress = (address: string | undefined): boolean => address !== undefined && LOOPBACK_ADDRESS.test(address);

/** The host name of a `Host` header, without its port (`[::1]:4242` -> `::1`), lower-cased. */
export function hostName(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  const colon = value.lastIndexOf(':');
  return colon > 0 && value.indexOf(':') === colon ? value.slice(0, colon) : value;
}

/** The `Host` must be one the simulator answers to: any page on the web could otherwise reach it by DNS rebinding. */
export function hostRefusal(policy: AccessPolicy, req: IncomingMessage): MiawApiError | undefined {
  const host = hostName(req.headers.host);
  if (policy.hostAllowed(host)) return undefined;
  return new MiawApiError(403, 'HOST_NOT_ALLOWED', `Host ${JSON.stringify(host)} is not one this simulator answers to (a page on another site may be trying to reach it). If you meant to use this name, start it with --allowed-hosts ${host || '<name>'}.`);
}

/**
 * A control-plane request (the API, the live feed) is refused when a browser sends it from another
 * site's page (its `Origin` is neither this simulator nor listed), or when it comes from another
 * machine without the control token.
 */
export function controlRefusal(policy: AccessPolicy, req: IncomingMessage): MiawApiError | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, req) && !policy.controlOrigins.includes(origin)) {
    return new MiawApiError(403, 'ORIGIN_NOT_ALLOWED', `The control API does not answer pages of ${JSON.stringify(origin)}: it can register keys and read every conversation. To allow that origin, start the simulator with --control-origins ${origin}.`);
  }
  if (policy.controlToken && !isLoopbackAddress(req.socket.remoteAddress) && !tokenMatches(policy.controlToken, presentedToken(req))) {
    return new MiawApiError(401, 'CONTROL_TOKEN_REQUIRED', `The control API answers other machines only with the control token: send it in the ${CONTROL_TOKEN_HEADER} header (open the pages once with ?token=<token>). The simulator printed where it is kept when it started.`);
  }
  return undefined;
}

/** The origin a page served by this simulator sends: this request's own scheme and host. */
function isOwnOrigin(origin: string, req: IncomingMessage): boolean {
  try {
    return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers[CONTROL_TOKEN_HEADER];
  if (typeof header === 'string' && header) return header;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CONTROL_TOKEN_COOKIE) return safeDecode(value.join('='));
  }
  return undefined;
}

/** A malformed %-escape is a wrong token, never an exception (the live socket's upgrade has no error handler). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
