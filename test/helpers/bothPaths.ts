import { request, type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

// Two HTTP paths of the simulator answering the same requests over one state: helpers that send the
// same request to both and compare status, raw headers (names, order, values) and body bytes; only
// the Date header is normalised here (callers normalise what must differ, such as minted tokens).

export interface Raw {
  status: number;
  headers: string[];
  body: string;
}

export interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A listener on an ephemeral 127.0.0.1 port; `close` drops its connections and stops it. */
export async function listenOn(listener: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function send(base: string, req: Sent): Promise<Raw> {
  return new Promise((resolve, reject) => {
    // A body is framed by its length, unless the request says it is chunked.
    const length = req.body === undefined || req.headers?.['transfer-encoding'] ? {} : { 'content-length': String(Buffer.byteLength(req.body)) };
    const r = request(`${base}${req.path}`, { method: req.method, headers: { ...length, ...req.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.rawHeaders.map((v, i) => (i % 2 === 1 && res.rawHeaders[i - 1]!.toLowerCase() === 'date' ? '<date>' : v)), body: Buffer.concat(chunks).toString('latin1') }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** What must differ between two token exchanges: the tokens and ids minted. */
export const minted = (body: string) => body.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');

/** The same request (or one per target) through the reference path (express) first, then the other; both answers must match. Returns the second. */
export async function expectSameThroughBoth<T extends string>(
  bases: { reference: [T, string]; other: [T, string] },
  req: Sent | ((target: T) => Sent),
  normalise: (body: string) => string = (b) => b,
): Promise<Raw> {
  const of = (target: T) => (typeof req === 'function' ? req(target) : req);
  const viaReference = await send(bases.reference[1], of(bases.reference[0]));
  const viaOther = await send(bases.other[1], of(bases.other[0]));
  expect({ ...viaOther, body: normalise(viaOther.body) }).toEqual({ ...viaReference, body: normalise(viaReference.body) });
  return viaOther;
}

export const post = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}): Sent => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
export const get = (path: string, token?: string, headers: Record<string, string> = {}): Sent => ({ method: 'GET', path, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
