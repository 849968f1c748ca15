import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AccessTokens, type AccessSession } from '../../simulator/auth/accessToken.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { guestSession } from '../helpers/accessSessions.ts';
import { tampered, truncatedSignature } from '../helpers/forgedTokens.ts';

// A token minted here is known as ours on its first call, without its signature checked again
// (a handoff's create conversation): the instance's signature checks are counted through a spy.
/** Counts `tokens`' signature checks (its private `checkSignature`, which verify calls for a token it does not know). */
const countSignatureChecks = (tokens: AccessTokens) => vi.spyOn(tokens as unknown as { checkSignature(token: string): Record<string, unknown> }, 'checkSignature');

const session = guestSession;

/** What verify answers: the session, or the refusal's error code. */
const answerOf = (promise: Promise<AccessSession>) =>
  promise.then(
    (s) => ({ session: s }),
    (err: { errorCode?: string }) => ({ refused: err.errorCode }),
  );

describe('tokens minted here', () => {
  it('are not checked again by their signature on their first call, nor after', async () => {
    const clock = new ManualClock();
    const tokens = new AccessTokens(clock);
    const checks = countSignatureChecks(tokens);
    const { token } = tokens.mint(session, Math.floor(clock.now() / 1000) + 600);
    expect((await tokens.verify(token)).subject).toBe(session.subject);
    expect((await tokens.verify(token)).subject).toBe(session.subject);
    expect(checks).not.toHaveBeenCalled();
    // Another instance with the same secret never minted it: it checks the signature, once.
    const other = new AccessTokens(clock, tokens.secretBytes);
    const otherChecks = countSignatureChecks(other);
    await other.verify(token);
    await other.verify(token);
    expect(otherChecks).toHaveBeenCalledTimes(1);
  });

  it('still refuse a token that shares a minted token signature but not its payload, and forget them all on a new secret', async () => {
    const clock = new ManualClock();
    const tokens = new AccessTokens(clock);
    const { token } = tokens.mint(session, Math.floor(clock.now() / 1000) + 600);
    for (const forged of [tampered(token, { sub: 'v2/iamessage/AUTH/ks/uid:admin' }), truncatedSignature(token, 1)]) {
      expect(await answerOf(tokens.verify(forged))).toEqual({ refused: 'ACCESS_TOKEN_INVALID' });
    }
    const fresh = tokens.mint(session, Math.floor(clock.now() / 1000) + 600).token;
    tokens.rotateSecret();
    expect(await answerOf(tokens.verify(fresh))).toEqual({ refused: 'ACCESS_TOKEN_INVALID' });
  });

  it('verify to what a signature check of the same token gives, whatever the claims', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const expiry = fc.oneof(fc.integer({ min: -10, max: 10 }).map((d) => Math.floor(Date.now() / 1000) + d * 60), fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity));
    await fc.assert(
      fc.asyncProperty(text, text, text, text, fc.constantFrom('Auth', 'UnAuth') as fc.Arbitrary<'Auth' | 'UnAuth'>, expiry, async (subject, orgId, deployment, displayName, authMode, exp) => {
        const clock = new ManualClock();
        const tokens = new AccessTokens(clock);
        const { token } = tokens.mint({ subject, orgId, deployment, channelAddressIdentifier: 'c', authMode, displayName }, exp);
        const checked = new AccessTokens(clock, tokens.secretBytes);
        const expected = await answerOf(checked.verify(token));
        expect(await answerOf(tokens.verify(token))).toStrictEqual(expected);
        expect(await answerOf(tokens.verify(token))).toStrictEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
