import { SignJWT, decodeJwt, importPKCS8 } from 'jose';
import { certificateForKeyPair, generateRsaKeyPair } from '../../simulator/index.ts';
import { callJson } from './contractSession.ts';

/** A key the provider signs assertions with, and its X.509 certificate (what a connected app is given). */
export interface CertifiedKey {
  privateKeyPem: string;
  certificatePem: string;
}

/** A fresh key pair and its self-signed certificate, made at run time (nothing on disk). */
export async function certifiedKey(commonName: string): Promise<CertifiedKey> {
  const pair = await generateRsaKeyPair();
  const { certificatePem } = await certificateForKeyPair(pair, { kid: commonName, days: 1, commonName });
  return { privateKeyPem: pair.privateKeyPem, certificatePem };
}

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The audience every org's token endpoint takes (the simulator's too). */
const LOGIN_AUDIENCE = 'https://login.salesforce.com';

/**
 * What the Email Case provider states and the request filter share during one verification: the
 * key K assertions are signed with (its certificate is what "the app has the certificate of K"
 * registers), the app and user the current interaction's state set up, a real REST access token
 * for them, and the case a state made. `clear()` before each interaction.
 */
export class RestContractSession {
  app?: { consumerKey: string; username: string };
  private token?: Promise<string>;

  constructor(
    readonly url: string,
    readonly key: CertifiedKey,
  ) {}

  clear(): void {
    this.app = undefined;
    this.token = undefined;
  }

  /** The consumer's assertion re-signed with K: the same `iss` and `sub`, a fresh `exp` (2 minutes), the login audience. */
  async resign(recorded: string): Promise<string> {
    const { iss, sub } = decodeJwt(recorded);
    if (typeof iss !== 'string' || typeof sub !== 'string') throw new Error('[contracts] the recorded assertion has no iss or sub to sign again');
    const key = await importPKCS8(this.key.privateKeyPem, 'RS256');
    return new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(iss).setSubject(sub).setAudience(LOGIN_AUDIENCE).setExpirationTime('2m').sign(key);
  }

  /** A real access token for the state's app and user, from the JWT bearer grant (one per interaction). */
  accessToken(): Promise<string> {
    this.token ??= this.grant();
    return this.token;
  }

  /** A JSON call to the provider; anything but 2xx throws with the status and body. */
  call<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    return callJson<T>(this.url, method, path, body, token);
  }

  private async grant(): Promise<string> {
    if (!this.app) throw new Error('[contracts] No connected app: a provider state registering one must come first.');
    const key = await importPKCS8(this.key.privateKeyPem, 'RS256');
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(this.app.consumerKey).setSubject(this.app.username).setAudience(LOGIN_AUDIENCE).setExpirationTime('2m').sign(key);
    const res = await fetch(`${this.url}/services/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: GRANT, assertion }) });
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token) throw new Error(`[contracts] the JWT bearer grant answered ${res.status}`);
    return body.access_token;
  }
}
