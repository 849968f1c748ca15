import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../simulator/auth/accessToken.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { TokenCutoffs } from '../../simulator/store/tokenCutoffs.ts';
import { guestSession } from '../helpers/accessSessions.ts';
import { tampered, truncatedSignature } from '../helpers/forgedTokens.ts';

// Access tokens whose signature was checked once are remembered (keyed by their signature part):
// a token that shares a remembered token's signature but differs anywhere else is still refused,
// and expiry, revocation and token faults are still checked on every call.

const session = guestSession;

const errorCodeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (err: { errorCode?: string }) => err.errorCode,
  );

describe('AccessTokens.verify with remembered tokens', () => {
  it('refuses a token that shares a remembered token signature but not its header or payload', async () => {
    const tokens = new AccessTokens(new ManualClock());
    const { token } = tokens.mint(session, Math.floor(Date.now() / 1000) + 600);
    expect((await tokens.verify(token)).subject).toBe(session.subject);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = [
      tampered(token, { sub: 'v2/iamessage/AUTH/ks/uid:admin' }),
      `${header}.${payload}x.${signature}`,
      `${header}x.${payload}.${signature}`,
      `x.${header}.${payload}.${signature}`,
      `${payload}.${signature}`,
      truncatedSignature(token, 1),
    ];
    for (const f of forged) expect(await errorCodeOf(tokens.verify(f)), f).toBe('ACCESS_TOKEN_INVALID');
    expect((await tokens.verify(token)).subject).toBe(session.subject);
  });

  it('checks expiry, revocation and token faults on every call, remembered or not', async () => {
    const clock = new ManualClock(Date.now());
    const revoked = new Set<string>();
    const cutoffs = new TokenCutoffs();
    const tokens = new AccessTokens(clock, undefined, (jti) => revoked.has(jti), cutoffs);
    const short = tokens.mint(session, Math.floor(clock.now() / 1000) + 60);
    expect(await errorCodeOf(tokens.verify(short.token))).toBe('accepted');
    clock.advance(61_000);
    expect(await errorCodeOf(tokens.verify(short.token))).toBe('ACCESS_TOKEN_EXPIRED');

    const long = tokens.mint(session, Math.floor(clock.now() / 1000) + 600);
    expect(await errorCodeOf(tokens.verify(long.token))).toBe('accepted');
    cutoffs.add({ kind: 'expired', at: clock.now() });
    expect(await errorCodeOf(tokens.verify(long.token))).toBe('ACCESS_TOKEN_EXPIRED');

    const later = tokens.mint(session, Math.floor(clock.now() / 1000) + 600);
    expect(await errorCodeOf(tokens.verify(later.token))).toBe('accepted');
    revoked.add(later.session.jti);
    expect(await errorCodeOf(tokens.verify(later.token))).toBe('ACCESS_TOKEN_REVOKED');
  });

  it('refuses every remembered token once the secret is rotated', async () => {
    const tokens = new AccessTokens(new ManualClock());
    const { token } = tokens.mint(session, Math.floor(Date.now() / 1000) + 600);
    expect(await errorCodeOf(tokens.verify(token))).toBe('accepted');
    tokens.rotateSecret();
    expect(await errorCodeOf(tokens.verify(token))).toBe('ACCESS_TOKEN_INVALID');
  });
});
