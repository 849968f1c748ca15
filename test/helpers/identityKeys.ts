import { createPublicKey, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWK } from 'jose';
import selfsigned from 'selfsigned';
import { generateRsaKeyPair, type PemKeyPair } from '../../simulator/auth/keyPair.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, tokenRequestBase, type ApiResponse } from './sim.ts';

const DAY_MS = 86_400_000;

/** A customer's signing key: its public JWK (as a keyset holds it) and identity tokens signed with it. */
export interface Signer {
  pair: PemKeyPair;
  jwk(kid: string, extra?: Partial<JWK>): JWK;
  /** `atMs`: the moment the token is minted (default now; the simulator's clock may be ahead). */
  sign(kid: string, issuer: string, options?: { alg?: 'RS256' | 'RS512'; sub?: string; atMs?: number }): Promise<string>;
}

export async function newSigner(): Promise<Signer> {
  const pair = await generateRsaKeyPair();
  const { kty, n, e } = createPublicKey(pair.publicKeyPem).export({ format: 'jwk' });
  return {
    pair,
    jwk: (kid, extra = {}) => ({ kty, n, e, kid, ...extra }),
    sign: (kid, issuer, options = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(options.sub ?? 'jwks-user')
        .setIssuedAt(Math.floor((options.atMs ?? Date.now()) / 1000))
        .setExpirationTime(Math.floor((options.atMs ?? Date.now()) / 1000) + 300)
        .sign(pair.privateKey),
  };
}

/** A self-signed certificate of the signer's key, as base64 DER (an `x5c` entry), valid until `validDays` from now. */
export async function certificateOf(signer: Signer, validDays = 365): Promise<string> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'identity key' }], {
    keyPair: { privateKey: signer.pair.privateKeyPem, publicKey: signer.pair.publicKeyPem },
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 2 * DAY_MS),
    notAfterDate: new Date(Date.now() + validDays * DAY_MS),
  });
  return new X509Certificate(pems.cert).raw.toString('base64');
}

/** Ask for a verified access token for a deployment with this identity token. */
export function exchangeFor(sim: RunningSimulator, esDeveloperName: string, customerIdentityToken: string): Promise<ApiResponse> {
  return call(sim, 'POST', '/iamessage/api/v2/authorization/authenticated/access-token', {
    body: { ...tokenRequestBase(sim), esDeveloperName, authorizationType: 'JWT', customerIdentityToken },
  });
}

let serial = 0;
/** A keyset (control API) with `settings`, and a deployment verifying with it; returns their names. */
export async function keysetWithDeployment(sim: RunningSimulator, settings: Record<string, unknown>): Promise<{ keyset: string; deployment: string; issuer: string }> {
  serial += 1;
  const keyset = `Test_Keys_${serial}`;
  const deployment = `Test_Web_${serial}`;
  const issuer = `https://idp-${serial}.test`;
  const k = await call(sim, 'POST', `/__sim/v1/orgs/${sim.orgId}/keysets`, { body: { name: keyset, issuer, ...settings } });
  if (k.status !== 201) throw new Error(`keyset: ${k.status} ${k.text}`);
  const d = await call(sim, 'POST', `/__sim/v1/orgs/${sim.orgId}/deployments`, { body: { name: deployment, keyset } });
  if (d.status !== 201) throw new Error(`deployment: ${d.status} ${d.text}`);
  return { keyset, deployment, issuer };
}

/** A JWKS endpoint on 127.0.0.1 whose answer a test sets, counting the requests it gets. */
export interface JwksServer {
  url: string;
  hits: number;
  /** Answer with this set of keys (the default), or take over the response entirely. */
  serve(keys: JWK[]): void;
  respond(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{"keys":[]}');
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get hits() {
      return state.hits;
    },
    serve(keys) {
      handler = (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys }));
      };
    },
    respond(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
