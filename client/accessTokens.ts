import { decodeJwt } from 'jose';
import type { HandoffConfig } from './config.ts';
import { HandoffError, IdentityRejectedError, TokenExchangeError } from './errors.ts';
import { hintFor } from './hints.ts';
import { signIdentityToken } from './identityToken.ts';
import type { MiawApi } from './miawApi.ts';

export interface AccessToken {
  accessToken: string;
  lastEventId?: string;
  /** Expiry, epoch ms (from the token's `exp`; 10 minutes when it cannot be read). */
  expiresAt: number;
}

/** Renew this long before expiry so a token never expires mid-request. */
const RENEW_BEFORE_MS = 60_000;
const FALLBACK_TTL_MS = 10 * 60_000;

/**
 * Steps 1 and 2: sign an identity token for the contact and exchange it for a messaging access
 * token, cached per contact until shortly before it expires. `get(sub, { rejected })` re-mints
 * (after a 401 mid-conversation).
 */
export class AccessTokenProvider {
  private cache = new Map<string, AccessToken>();
  /** Exchanges under way, so concurrent callers (a send and the stream after one expiry) share one. */
  private inFlight = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly config: HandoffConfig,
    private readonly api: MiawApi,
    private readonly now: () => number,
  ) {}

  /** A cached token still good for at least a minute, if any. */
  cached(subject: string): AccessToken | undefined {
    const cached = this.cache.get(subject);
    return cached && cached.expiresAt - RENEW_BEFORE_MS > this.now() ? cached : undefined;
  }

  /**
   * The subject's access token: the cached one, or a new exchange. `rejected` is a token Salesforce
   * just refused (401): a different cached token is used if someone already re-minted, otherwise one
   * new exchange is shared by everyone asking at the same time.
   */
  async get(subject: string, options: { rejected?: string } = {}): Promise<AccessToken> {
    const cached = this.cached(subject);
    if (cached && cached.accessToken !== options.rejected) return cached;
    let pending = this.inFlight.get(subject);
    if (!pending) {
      pending = this.sign(subject).then((identityToken) => this.exchange(subject, identityToken));
      this.inFlight.set(subject, pending);
      void pending.then(
        () => this.inFlight.delete(subject),
        () => this.inFlight.delete(subject),
      );
    }
    return pending;
  }

  /** Run `call` with the subject's access token; on a 401 re-mint once and run it again. */
  async withToken<T>(subject: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const { accessToken } = await this.get(subject);
    try {
      return await call(accessToken);
    } catch (err) {
      if (!(err instanceof HandoffError) || err.status !== 401) throw err;
      return call((await this.get(subject, { rejected: accessToken })).accessToken);
    }
  }

  /** Step 1. */
  sign(subject: string): Promise<string> {
    return signIdentityToken(this.config, subject, this.now());
  }

  /** Step 2: exchange a signed identity token; the result is cached for the subject. */
  async exchange(subject: string, customerIdentityToken: string): Promise<AccessToken> {
    const token = await this.request(customerIdentityToken);
    this.cache.set(subject, token);
    return token;
  }

  private async request(customerIdentityToken: string): Promise<AccessToken> {
    const { body } = await this.api.request<{ accessToken?: string; lastEventId?: string; context?: { endUser?: { subject?: string } } }>({
      step: 'exchange-token',
      error: TokenExchangeError,
      method: 'POST',
      path: '/iamessage/api/v2/authorization/authenticated/access-token',
      body: {
        orgId: this.config.orgId,
        esDeveloperName: this.config.esDeveloperName,
        capabilitiesVersion: this.config.capabilitiesVersion,
        platform: this.config.platform,
        authorizationType: 'JWT',
        customerIdentityToken,
      },
    }).catch((err: unknown) => {
      // A 401 at the token endpoint is Salesforce refusing the identity token itself.
      if (err instanceof TokenExchangeError && err.status === 401) {
        throw new IdentityRejectedError({ step: 'exchange-token', message: 'Salesforce rejected the customer identity token', status: 401, salesforceMessage: err.salesforceMessage, hint: err.hint });
      }
      throw err;
    });
    if (!body?.accessToken) {
      throw new TokenExchangeError({ step: 'exchange-token', message: 'the token response has no accessToken', hint: 'check the messaging URL points at Salesforce (…my.salesforce-scrt.com) or the simulator' });
    }
    // Real orgs were seen answering a failed verification with a guest token instead of an error.
    if (body.context?.endUser?.subject?.includes('/UNAUTH/')) {
      throw new IdentityRejectedError({ step: 'exchange-token', message: 'Salesforce issued a guest (unverified) token instead of a verified one', hint: hintFor('exchange-token', undefined, 'GUEST_TOKEN') });
    }
    return { accessToken: body.accessToken, lastEventId: body.lastEventId, expiresAt: expiryOf(body.accessToken, this.now()) };
  }
}

function expiryOf(token: string, now: number): number {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // opaque token: fall through
  }
  return now + FALLBACK_TTL_MS;
}
