import { describe, expect, it } from 'vitest';
import type { AccessTokenProvider } from '../../client/accessTokens.ts';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { signAhead, subjectAhead } from '../../client/signAhead.ts';
import { useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

/** Tokens that sign `signed:<subject>` and count it; `cachedFor` has a valid access token. */
function fakeTokens(cachedFor?: string) {
  const signed: string[] = [];
  const tokens = {
    cached: (subject: string) => (subject === cachedFor ? { accessToken: 'a', expiresAt: Number.MAX_SAFE_INTEGER } : undefined),
    sign: async (subject: string) => (signed.push(subject), `signed:${subject}`),
  } as unknown as AccessTokenProvider;
  return { tokens, signed };
}

describe('subjectAhead: the contact an unchecked session names', () => {
  const t = useSim();

  it.each([
    ['an authenticated contact', fakeSession({ seed: 1 })],
    ['an anonymous contact', fakeSession({ seed: 2, authenticated: false })],
    ['a WhatsApp contact', fakeSession({ seed: 3, channel: 'whatsapp' })],
  ])('is the subject the handoff of %s signs for', async (_kind, session) => {
    const handoff = messaging(await createHandoffClient(configFor(t.sim)).handoff(session, new RecordingSink()));
    handoff.stream.close();
    expect(subjectAhead(session)).toBe(handoff.subject);
  });

  it.each([
    ['not an object', 'session'],
    ['null', null],
    ['without a contact', { sessionId: 's' }],
    ['an empty contact id (the check refuses it)', { sessionId: 's', contact: { id: '' } }],
    ['a contact id that is no string', { sessionId: 's', contact: { id: 7 } }],
    ['no contact id and no string session id', { sessionId: 7, contact: {} }],
    ['channel email (an Email Case signs nothing)', { sessionId: 's', channel: 'email', contact: { id: 'c-1' } }],
  ])('is undefined for %s', (_kind, input) => {
    expect(subjectAhead(input)).toBeUndefined();
  });
});

describe('signAhead', () => {
  it('hands its signature to the first attempt for the same contact only, once', async () => {
    const { tokens, signed } = fakeTokens();
    const take = signAhead(tokens, { sessionId: 's', contact: { id: 'c-1' } });
    expect(signed).toEqual(['c-1']);
    expect(take('c-2')).toBeUndefined();
    expect(take('c-1')).toBeUndefined();

    const again = signAhead(tokens, { sessionId: 's', contact: { id: 'c-1' } });
    await expect(again('c-1')).resolves.toBe('signed:c-1');
    expect(again('c-1')).toBeUndefined();
  });

  it('signs nothing when the contact has a cached access token or cannot be told', () => {
    const { tokens, signed } = fakeTokens('c-1');
    expect(signAhead(tokens, { sessionId: 's', contact: { id: 'c-1' } })('c-1')).toBeUndefined();
    expect(signAhead(tokens, { sessionId: 's', contact: { id: 42 } })('42')).toBeUndefined();
    const throwing = { sessionId: 's', get contact(): never { throw new Error('getter'); } };
    expect(signAhead(tokens, throwing)('c-1')).toBeUndefined();
    expect(signed).toEqual([]);
  });
});
