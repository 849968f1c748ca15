import { describe, expect, expectTypeOf, it } from 'vitest';
import { createHandoffClient, type EmailCaseHandoff, type Handoff, type HandoffResult, type HandoffSession } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { configFor, RecordingSink } from '../helpers/handoff.ts';
import { useSim } from '../helpers/sim.ts';

/**
 * `handoff()` gives a messaging conversation or an Email Case, told apart by `kind`. The type
 * assertions here are checked by `npm run typecheck` (tsc compiles the tests); the published
 * `.d.ts` by the package test's consumer fixture (test/package/fixtures/consumer.ts).
 */
describe('the handoff result is a union narrowed by kind', () => {
  const t = useSim();

  it('is typed as a HandoffResult for any session, an EmailCaseHandoff for one typed with channel email, and narrows on kind', () => {
    type Client = ReturnType<typeof createHandoffClient>;
    expectTypeOf<ReturnType<Client['handoff']>>().toEqualTypeOf<Promise<HandoffResult>>();
    expectTypeOf<Client['handoff']>().toBeCallableWith({ ...fakeSession(), channel: 'email' as const });
    expectTypeOf<HandoffResult['kind']>().toEqualTypeOf<'messaging' | 'email-case'>();
    const narrow = (result: HandoffResult) => {
      if (result.kind === 'messaging') {
        expectTypeOf(result).toEqualTypeOf<Handoff>();
        return result.conversationId;
      }
      expectTypeOf(result).toEqualTypeOf<EmailCaseHandoff>();
      // @ts-expect-error an Email Case has no conversation: narrow on kind first
      void result.conversationId;
      return result.caseNumber;
    };
    expectTypeOf(narrow).returns.toEqualTypeOf<string>();
  });

  it('comes back as kind messaging for a web session and kind email-case for an email one, each with its own fields', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const web: HandoffSession = fakeSession({ seed: 21 });
    const conversation = await client.handoff(web, new RecordingSink());
    expect(conversation.kind).toBe('messaging');
    if (conversation.kind !== 'messaging') throw new Error('unreachable: checked above');
    conversation.stream.close();
    expect(conversation.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(conversation).not.toHaveProperty('caseNumber');

    const emailCase = await client.handoff({ ...fakeSession({ seed: 22 }), channel: 'email' });
    expectTypeOf(emailCase).toEqualTypeOf<EmailCaseHandoff>();
    expect(emailCase).toMatchObject({ kind: 'email-case', channel: 'email', caseNumber: expect.stringMatching(/^\d{8}$/) });
    expect(emailCase).not.toHaveProperty('conversationId');
  });
});
