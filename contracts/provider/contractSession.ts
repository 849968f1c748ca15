import { randomUUID } from 'node:crypto';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from '../contract.ts';
import { SignJWT, importPKCS8 } from 'jose';

/** Provider state set-up functions by state name (Pact does not export the type itself). */
export type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** A MIAW endpoint the pacts are verified against (the simulator, or a real sandbox) and how to sign for it. */
export interface MiawTarget {
  /** Messaging URL: the simulator's, or `https://<domain>.my.salesforce-scrt.com`. */
  url: string;
  orgId: string;
  esDeveloperName: string;
  issuer: string;
  /** PEM (PKCS#8) of a key registered for the deployment under `kid`. */
  privateKeyPem: string;
  kid: string;
  /** The identity token `sub` every interaction acts as. */
  subject: string;
}

const TOKEN_PATH = '/iamessage/api/v2/authorization/authenticated/access-token';

/**
 * What the provider states and the request filter share during one verification: real tokens for
 * the target, minted over its own API, and the conversation the current interaction works on.
 * `clear()` before each interaction.
 */
export class ContractSession {
  /** The Auth Key ID the next customer identity token carries (a state may name another). */
  kid: string;
  conversationId?: string;
  private token?: Promise<string>;

  constructor(readonly target: MiawTarget) {
    this.kid = target.kid;
  }

  clear(): void {
    this.kid = this.target.kid;
    this.conversationId = undefined;
    this.token = undefined;
  }

  /** A fresh customer identity token for the subject, signed with the target's key under `kid`. */
  async identityToken(kid = this.kid): Promise<string> {
    const key = await importPKCS8(this.target.privateKeyPem, 'RS256');
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(this.target.issuer)
      .setSubject(this.target.subject)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key);
  }

  /** A real access token for the subject (one per interaction), from the target's token exchange. */
  accessToken(): Promise<string> {
    this.token ??= this.exchange();
    return this.token;
  }

  /** Open a conversation for the subject, routed like a handoff, and remember it. */
  async createConversation(): Promise<string> {
    const conversationId = randomUUID();
    const routingAttributes = { OpencxSessionId: randomUUID(), Chat_Consumer_Type: 'Authenticated', Origin: 'MIABOT', Priority: 'Low', Channel: 'Web' };
    await this.call('POST', '/iamessage/api/v2/conversation', { conversationId, esDeveloperName: this.target.esDeveloperName, routingAttributes }, await this.accessToken());
    this.conversationId = conversationId;
    return conversationId;
  }

  /** The conversation a `conversation C is open` state created (a later state needs it). */
  requireConversation(): string {
    if (!this.conversationId) throw new Error('[contracts] No conversation: the provider state "conversation C is open" must come first.');
    return this.conversationId;
  }

  /** A JSON call to the target; anything but 2xx throws with the status and body. */
  call<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    return callJson<T>(this.target.url, method, path, body, token);
  }

  private async exchange(): Promise<string> {
    const { orgId, esDeveloperName } = this.target;
    const body = { orgId, esDeveloperName, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: await this.identityToken(this.target.kid) };
    const { accessToken } = await this.call<{ accessToken: string }>('POST', TOKEN_PATH, body);
    return accessToken;
  }
}

/** A JSON call to a provider under test; anything but 2xx throws with the status and body. */
export async function callJson<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`[contracts] ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Verify `provider`'s pacts against a simulator, resetting it (and the session, by `clear`) before each interaction. */
export function simVerifier(sim: { url: string }, provider: string, files: string[], clear: () => void, options: Pick<VerifierOptions, 'stateHandlers' | 'messageProviders' | 'requestFilter'>): Verifier {
  return new Verifier({
    provider,
    providerBaseUrl: sim.url,
    pactUrls: files,
    logLevel: PACT_LOG_LEVEL,
    beforeEach: async () => {
      clear();
      await callJson(sim.url, 'POST', '/__sim/v1/reset');
    },
    ...options,
  });
}
