import { describe, expect, it } from 'vitest';
import { buildSessionScenario } from '../../simulator/savedScenario/buildSessionScenario.ts';
import { optionAnswer } from '../../simulator/savedScenario/customerAnswers.ts';
import { handoffSpec } from '../../simulator/savedScenario/sessionExpectations.ts';
import { readTimeline } from '../../simulator/savedScenario/sessionTimeline.ts';
import type { Conversation, JournalRecord } from '../../simulator/store/types.ts';

/** The journal's window as a scenario's set-up and steps: what each kind of record becomes. */
const ORG = '00DSIM000000001';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
let seq = 0;
const rec = (method: string, path: string, body?: unknown, status = 200, extra: Partial<JournalRecord> = {}): JournalRecord => ({
  seq: ++seq,
  at: 1000 + seq,
  method,
  path,
  status,
  durationMs: 1,
  request: { headers: {}, ...(body === undefined ? {} : { body }) },
  ...extra,
});
const create = (id: string) => rec('POST', '/iamessage/api/v2/conversation', { conversationId: id, esDeveloperName: 'Sim_Web', routingAttributes: {} }, 201, { conversationId: id });
const says = (id: string, msgId: string, text: string, status = 202) =>
  rec('POST', `/iamessage/api/v2/conversation/${id}/message`, { message: { id: msgId, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } } }, status, { conversationId: id });
const fault = { match: { path: '/iamessage/api/v2/conversation' }, action: { type: 'status', status: 503 }, times: 1 };
const stepsOf = (records: JournalRecord[]) => readTimeline(records, ORG).steps.map((s) => s.step);

describe('readTimeline', () => {
  it('arms faults before the first handoff, and makes later ones (and clearing them) steps', () => {
    const t = readTimeline([rec('POST', '/__sim/v1/faults', fault, 201), create(A), rec('POST', '/__sim/v1/faults', fault, 201), rec('DELETE', '/__sim/v1/faults', undefined, 204)], ORG);
    expect(t.faults).toEqual([fault]);
    expect(t.steps.map((s) => s.step)).toEqual([{ handoff: {} }, { fault }, { clearFaults: true }]);
  });

  it('forgets faults cleared before the handoff, and changes the control API refused', () => {
    const t = readTimeline([rec('POST', '/__sim/v1/faults', fault, 201), rec('DELETE', '/__sim/v1/faults', undefined, 204), rec('POST', '/__sim/v1/faults', { match: {} }, 400), create(A)], ORG);
    expect(t.faults).toEqual([]);
  });

  it("keeps the transcript in the handoff, a retried message once, and the customer's later messages as steps", () => {
    const transcript = 'AI summary:\nThe parcel is late.\n\nConversation history: (none)';
    expect(stepsOf([create(A), says(A, 'm1', transcript), says(A, 'm2', 'Hello?', 503), says(A, 'm2', 'Hello?')])).toEqual([{ handoff: {} }, { customerSays: 'Hello?' }]);
  });

  it("turns the rep's actions into steps (on an earlier conversation: naming it), rich messages and events included, and names what it cannot replay", () => {
    const t = readTimeline(
      [
        create(A),
        create(B),
        rec('POST', `/__sim/v1/conversations/${B}/accept`, { repName: 'Alex' }),
        rec('POST', `/__sim/v1/conversations/${B}/typing`, { isTyping: false }, 204),
        rec('POST', `/__sim/v1/conversations/${B}/messages`, { text: 'Hi', repName: 'Alex' }, 201),
        rec('POST', `/__sim/v1/conversations/${B}/messages`, { message: { messageType: 'ChoicesMessage' } }, 201),
        rec('POST', `/__sim/v1/conversations/${B}/events`, { event: { type: 'progress', text: 'Checking' } }, 201),
        rec('POST', `/__sim/v1/conversations/${A}/end-session`),
        rec('POST', `/__sim/v1/conversations/${A}/transfer`, { queue: 'Billing' }),
        rec('POST', '/__sim/v1/conversations/ffffffff-ffff-4fff-8fff-ffffffffffff/close'),
        rec('PATCH', '/__sim/v1/reps/Alex%20B', { presence: 'Away' }),
        rec('POST', '/__sim/v1/tokens/expire', { subject: 'v2/iamessage/x' }),
        rec('POST', `/__sim/v1/orgs/${ORG}/keysets/Sim_Keyset/keys`, { pem: '[redacted]' }, 201),
        says(A, 'm9', 'Still there?'),
      ],
      ORG,
    );
    expect(t.steps.map((s) => s.step)).toEqual([
      { handoff: {} },
      { handoff: {} },
      { rep: { action: 'accept', rep: 'Alex' } },
      { rep: { action: 'stop-typing' } },
      { repSays: { text: 'Hi', rep: 'Alex' } },
      { repSends: { message: { messageType: 'ChoicesMessage' } } },
      { repEvent: { event: { type: 'progress', text: 'Checking' } } },
      { rep: { action: 'end-session', conversation: 1 } },
      { transfer: { queue: 'Billing', conversation: 1 } },
      { setPresence: { rep: 'Alex B', presence: 'Away' } },
      { expireAccessTokens: true },
      { customerSays: { text: 'Still there?', conversation: 1 } },
    ]);
    expect(t.notReplayed).toEqual([
      expect.stringMatching(/^POST \/__sim\/v1\/conversations\/f{8}\S+\/close \(journal position \d+\): an action on a conversation this window did not create$/),
      expect.stringMatching(/tokens\/expire .*: replayed as expiring every access token/),
      expect.stringMatching(/^POST \/__sim\/v1\/orgs\/00DSIM000000001\/keysets\/Sim_Keyset\/keys \(journal position \d+\)$/),
    ]);
  });

  it("turns the customer's choices, forms and files into customerAnswers and customerSendsFile (naming an earlier conversation), and names what it cannot replay", () => {
    const answer = (id: string, msgId: string, message: object) => rec('POST', `/iamessage/api/v2/conversation/${id}/message`, { message: { id: msgId, ...message } }, 202, { conversationId: id });
    const choice = (...optionIdentifier: string[]) => ({ messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: optionIdentifier.map((o) => ({ optionIdentifier: o })) } });
    const form = { messageType: 'FormResponseMessage', formResponse: { formatType: 'Result', result: { Street: '1 Main St' } } };
    const stranger = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    const t = readTimeline(
      [
        create(A),
        answer(A, 'c1', choice('opt-1')),
        create(B),
        answer(A, 'c2', choice('opt-2')),
        answer(B, 'f1', form),
        answer(B, 'c3', choice('opt-1', 'opt-2')),
        answer(B, 'f2', { messageType: 'FormResponseMessage', formResponse: { formatType: 'Result' } }),
        says(stranger, 'm1', 'Hello?'),
        rec('POST', `/iamessage/api/v2/conversation/${B}/file`, undefined, 202, { conversationId: B }),
        rec('POST', `/iamessage/api/v2/conversation/${A}/file`, undefined, 202, { conversationId: A }),
        rec('POST', `/iamessage/api/v2/conversation/${A}/file`, undefined, 400, { conversationId: A }),
        rec('POST', `/iamessage/api/v2/conversation/${stranger}/file`, undefined, 202, { conversationId: stranger }),
      ],
      ORG,
    );
    expect(t.steps.map((s) => [s.step, s.option])).toEqual([
      [{ handoff: {} }, undefined],
      [{ customerAnswers: { option: 'opt-1' } }, 'opt-1'],
      [{ handoff: {} }, undefined],
      [{ customerAnswers: { option: 'opt-2', conversation: 1 } }, 'opt-2'],
      [{ customerAnswers: { form: { Street: '1 Main St' } } }, undefined],
      // Files: the builder fills in what the simulator recorded; a refused upload is no step.
      [{ customerSendsFile: {} }, undefined],
      [{ customerSendsFile: { conversation: 1 } }, undefined],
    ]);
    expect(t.steps.filter((s) => s.file).map((s) => s.conversationId)).toEqual([B, A]);
    expect(t.notReplayed).toEqual([
      expect.stringMatching(/^the end user's choice at journal position \d+: 2 options selected at once/),
      expect.stringMatching(/^the end user's form at journal position \d+: no formResponse.result/),
      expect.stringMatching(/^the end user's message at journal position \d+: to a conversation this window did not create$/),
      expect.stringMatching(/^the end user's file at journal position \d+: to a conversation this window did not create$/),
    ]);
  });

  it('starts after a reset, saying so when something came before it', () => {
    const t = readTimeline([rec('POST', '/__sim/v1/faults', fault, 201), create(A), rec('POST', '/__sim/v1/reset'), create(B)], ORG);
    expect(t.faults).toEqual([]);
    expect(t.conversationIds).toEqual([B]);
    expect(t.notReplayed).toEqual([expect.stringMatching(/^what came before the reset at journal position \d+/)]);
  });

  it('makes a handoff step of a token exchange that created no conversation, with what the client sent', () => {
    const exchange = rec('POST', '/iamessage/api/v2/authorization/authenticated/access-token', { orgId: ORG, esDeveloperName: 'Nope', customerIdentityToken: 'eyJ…[redacted]' }, 404);
    const t = readTimeline([rec('POST', '/__sim/v1/clock/advance', { seconds: 5 }), exchange, rec('POST', '/__sim/v1/clock/advance', { seconds: 9 })], ORG);
    expect(t.steps.map((s) => s.step)).toEqual([{ advanceClock: { seconds: 5 } }, { handoff: {} }, { advanceClock: { seconds: 9 } }]);
    expect(t.exchangedWith).toEqual({ orgId: ORG, esDeveloperName: 'Nope' });
  });
});

describe('handoffSpec', () => {
  it('reads the session back from what the client sent, when the create was refused and nothing was recorded', () => {
    const sent = { conversationId: A, language: 'de', routingAttributes: { Channel: 'WhatsApp', Priority: 'High', Chat_Consumer_Type: 'Non-Authenticated', Chat_language: 'de' } };
    expect(handoffSpec(undefined, sent)).toEqual({ channel: 'whatsapp', language: 'de', priority: 'High', authenticated: false });
  });

  it('leaves out what the client would send anyway, and what is not one of its channels', () => {
    expect(handoffSpec(undefined, { routingAttributes: { Channel: 'Carrier pigeon', Priority: 'Low', Chat_Consumer_Type: 'Authenticated' } })).toEqual({});
    expect(handoffSpec(undefined, { routingAttributes: { constructor: 'x' } })).toEqual({});
  });
});

describe('buildSessionScenario', () => {
  const build = (journal: JournalRecord[]) =>
    buildSessionScenario({ since: 0, journal, oldestKept: journal[0]?.seq, conversation: () => undefined, reps: [], defaultOrgId: ORG, defaultDeployment: 'Sim_Web', savedAt: Date.UTC(2026, 11, 2, 4, 5, 6) });

  it('names the journal positions a bounded journal no longer holds, but not those a reset cleared', () => {
    seq = 40;
    expect(build([create(A)])).toMatchObject({ name: 'saved-session-20261202-040506', troubleshooting: expect.stringContaining('journal positions 1 to 40: the journal no longer holds them') });
    expect(build([rec('POST', '/__sim/v1/reset'), create(A)])!.troubleshooting).not.toContain('Not replayed');
  });

  it('has nothing to save without a handoff', () => {
    expect(build([rec('POST', '/__sim/v1/faults', fault, 201)])).toBeUndefined();
  });
});

describe('optionAnswer', () => {
  const offered = (titles: string[]) =>
    ({
      id: A,
      entries: [
        { entryType: 'Message', identifier: 'q', message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', optionItems: titles.map((title, i) => ({ optionIdentifier: `o${i + 1}`, titleItem: { title } })) } } },
        { entryType: 'Message', identifier: 'a', inReplyToMessageId: 'q', message: { messageType: 'ChoicesResponseMessage' } },
      ],
    }) as unknown as Conversation;
  const answerTo = (titles: string[], option: string) => optionAnswer([offered(titles)], { at: 0, step: {}, conversationId: A, messageId: 'a', option });

  it('names the option by its title, or by its number when the title would not name it alone', () => {
    expect(answerTo(['Refund', 'Replacement'], 'o2')).toBe('Replacement');
    expect(answerTo(['Yes', 'yes '], 'o2')).toBe('2');
    expect(answerTo(['3', 'Other'], 'o1')).toBe('1');
    expect(answerTo(['Refund', 'Replacement'], 'o9')).toEqual({ notReplayed: expect.stringContaining('did not record it as an answer to an offered choice') });
  });
});
