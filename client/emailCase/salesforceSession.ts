import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { HandoffError, SalesforceAuthError } from '../errors.ts';
import type { FetchFn } from '../miawApi.ts';
import type { EmailCaseConfig } from './emailCaseConfig.ts';
import { salesforceRequest } from './salesforceRest.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface SalesforceToken {
  accessToken: string;
  /** Where the REST API is (`instance_url`). */
  instanceUrl: string;
}

/**
 * The integration user's REST API session, from the OAuth 2.0 JWT bearer grant: an RS256 assertion
 * (`iss` consumer key, `sub` username, `aud` login URL, `exp` at most 3 minutes ahead) exchanged at
 * `<loginUrl>/services/oauth2/token`. The token is kept until Salesforce refuses it (it says no
 * expiry); `withToken` then gets one fresh token and runs the call again.
 */
export class SalesforceSession {
  private current?: Promise<SalesforceToken>;
  private readonly key: KeyObject;

  constructor(
    private readonly config: EmailCaseConfig,
    private readonly fetchFn: FetchFn,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.key = createPrivateKey(config.privateKeyPem);
  }

  /** The session's token: the one held (unless it is the one Salesforce just `rejected`), or a new grant. */
  token(options: { rejected?: string } = {}): Promise<SalesforceToken> {
    const held = this.current;
    if (!held) return this.fresh();
    if (options.rejected === undefined) return held;
    // Someone else may already have replaced the rejected token: take theirs.
    return held.then((t) => (t.accessToken === options.rejected ? this.fresh() : t), () => this.fresh());
  }

  private fresh(): Promise<SalesforceToken> {
    const pending = this.grant();
    this.current = pending;
    pending.catch(() => {
      if (this.current === pending) this.current = undefined;
    });
    return pending;
  }

  /** Run `call` with the token; when Salesforce answers 401 (INVALID_SESSION_ID), once more with a fresh one. */
  async withToken<T>(call: (token: SalesforceToken) => Promise<T>): Promise<T> {
    const token = await this.token();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof HandoffError) || err.status !== 401) throw err;
      return call(await this.token({ rejected: token.accessToken }));
    }
  }

  /** The JWT bearer grant itself. */
  async grant(): Promise<SalesforceToken> {
    const loginUrl = this.config.loginUrl.replace(/\/+$/, '');
    const exp = Math.floor(this.now() / 1000) + this.config.assertionTtlSeconds;
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(this.config.consumerKey).setSubject(this.config.username).setAudience(loginUrl).setExpirationTime(exp).sign(this.key);
    const { body } = await salesforceRequest<{ access_token?: string; instance_url?: string }>(this.fetchFn, this.timeoutMs, {
      step: 'authenticate-salesforce',
      error: SalesforceAuthError,
      method: 'POST',
      url: `${loginUrl}/services/oauth2/token`,
      form: { grant_type: JWT_BEARER_GRANT, assertion },
    });
    if (!body?.access_token || !body.instance_url) {
      throw new SalesforceAuthError({ step: 'authenticate-salesforce', message: 'the token response has no access_token or instance_url', hint: 'check emailCase.loginUrl points at Salesforce (https://login.salesforce.com) or the simulator' });
    }
    return { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, '') };
  }
}
