import { describe, expect, it } from 'vitest';
import { API, ofType } from '../helpers/conversations.ts';
import { call, getGuestToken, getVerifiedToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';

const UUID_TEXT = 'Specify the conversationId in UUID format. The UUID must be in lowercase.';

describe('POST /conversation', () => {
  const t = useSim();
  const create = (token: string, body: Record<string, unknown>) =>
    call(t.sim, 'POST', `${API}/conversation`, { token, body: { esDeveloperName: t.sim.esDeveloperName, ...body } });
  const allConversations = async () => (await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations as Array<{ conversationId: string }>;

  it('answers 201 {conversationId}, records the routing attributes and routes once with a RoutingResult', async () => {
    const { accessToken } = await getVerifiedToken(t.sim);
    const conversationId = crypto.randomUUID();
    const attributes = { Origin: 'Web', Priority: 'High', Not_A_Field: 'kept' };
    const r = await create(accessToken, { conversationId, routingAttributes: attributes, language: 'en_US' });
    expect(r.status, show(r)).toBe(201);
    expect(r.body).toEqual({ conversationId });

    const rec = await recorded(t.sim, conversationId);
    expect(rec.status).toBe('OPEN');
    expect(rec.routingAttributes).toEqual(attributes);
    expect(rec.language).toBe('en_US');
    expect(rec.sessions).toHaveLength(1);
    const routing = ofType(rec, 'RoutingResult');
    expect(routing).toHaveLength(1);
    expect(routing[0]!.entryPayload).toMatchObject({ routingType: 'Initial', failureType: 'None', recordId: rec.activeSessionId });
  });

  it('is idempotent for the same subject and id: still one conversation, one session, one RoutingResult', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const conversationId = crypto.randomUUID();
    const first = await create(accessToken, { conversationId, routingAttributes: { Origin: 'First' } });
    const again = await create(accessToken, { conversationId, routingAttributes: { Origin: 'Second' } });
    expect(first.status, show(first)).toBe(201);
    expect(again.status, show(again)).toBe(201);
    expect(again.body).toEqual({ conversationId });

    expect((await allConversations()).filter((c) => c.conversationId === conversationId)).toHaveLength(1);
    const rec = await recorded(t.sim, conversationId);
    expect(rec.sessions).toHaveLength(1);
    expect(ofType(rec, 'RoutingResult')).toHaveLength(1);
    expect(rec.routingAttributes).toEqual({ Origin: 'First' });
  });

  it('refuses an id owned by another end user with 403 and leaves that conversation alone', async () => {
    const owner = await getGuestToken(t.sim);
    const other = await getGuestToken(t.sim);
    const conversationId = await startConversation(t.sim, owner.accessToken, { Origin: 'Owner' });
    const before = await recorded(t.sim, conversationId);

    const r = await create(other.accessToken, { conversationId, routingAttributes: { Origin: 'Intruder' } });
    expect(r.status, show(r)).toBe(403);
    expect(r.body.code).toBe('403');
    const after = await recorded(t.sim, conversationId);
    expect(after.entryCount).toBe(before.entryCount);
    expect(after.routingAttributes).toEqual({ Origin: 'Owner' });
  });

  it('refuses to re-create a closed conversation with 400', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const conversationId = await startConversation(t.sim, accessToken);
    const close = await call(t.sim, 'DELETE', `${API}/conversation/${conversationId}?esDeveloperName=${t.sim.esDeveloperName}`, { token: accessToken });
    expect(close.status, show(close)).toBe(204);

    const r = await create(accessToken, { conversationId });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe('CONVERSATION_CLOSED');
    expect((await recorded(t.sim, conversationId)).status).toBe('CLOSED');
  });

  const badIds: Array<[string, string]> = [
    ['upper-case', crypto.randomUUID().toUpperCase()],
    ['not a UUID', 'conversation-1'],
    ['UUID without dashes', crypto.randomUUID().replaceAll('-', '')],
    ['UUID with a suffix', `${crypto.randomUUID()}x`],
    ['empty', ''],
  ];
  it.each(badIds)('refuses a %s conversationId with 400 and Salesforce\'s text, creating nothing', async (_label, conversationId) => {
    const { accessToken } = await getGuestToken(t.sim);
    const r = await create(accessToken, { conversationId });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(UUID_TEXT);
    expect(await allConversations()).toEqual([]);
  });

  it.each([
    [42, '42'],
    [true, 'true'],
    [null, undefined],
  ])('takes loosely typed routing attribute value %j, recording it as %j (real clients type them Record<string, unknown>)', async (value, stored) => {
    const { accessToken } = await getGuestToken(t.sim);
    const conversationId = crypto.randomUUID();
    const r = await create(accessToken, { conversationId, routingAttributes: { Priority: 'High', Origin: value } });
    expect(r.status, show(r)).toBe(201);
    expect((await recorded(t.sim, conversationId)).routingAttributes).toEqual(stored === undefined ? { Priority: 'High' } : { Priority: 'High', Origin: stored });
  });

  it.each([{ nested: 'x' }, ['a']])('refuses routing attribute value %j with 400 naming the field', async (value) => {
    const { accessToken } = await getGuestToken(t.sim);
    const r = await create(accessToken, { conversationId: crypto.randomUUID(), routingAttributes: { Priority: 'High', Origin: value } });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('routingAttributes.Origin');
    expect(await allConversations()).toEqual([]);
  });

  it('takes a value of exactly the pre-chat maxLength (255) and refuses one character more with 400', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const tooLong = await create(accessToken, { conversationId: crypto.randomUUID(), routingAttributes: { Origin: 'o'.repeat(256) } });
    expect(tooLong.status, show(tooLong)).toBe(400);
    expect(tooLong.body.message).toContain('Origin');
    expect(tooLong.body.message).toContain('255');
    expect(await allConversations()).toEqual([]);

    const conversationId = crypto.randomUUID();
    const atLimit = await create(accessToken, { conversationId, routingAttributes: { Origin: 'o'.repeat(255) } });
    expect(atLimit.status, show(atLimit)).toBe(201);
    expect((await recorded(t.sim, conversationId)).routingAttributes.Origin).toHaveLength(255);
  });

  it('records the standard pre-chat name (_firstName, _lastName) as the end user\'s display name, on the conversation and on their entries', async () => {
    const { accessToken } = await getVerifiedToken(t.sim, 'contact-U8wKFtcunt');
    const conversationId = await startConversation(t.sim, accessToken, { _firstName: 'Janae', _lastName: 'Wolff' });
    expect((await sendMessage(t.sim, accessToken, conversationId, 'Hello')).status).toBe(202);
    const rec = await recorded(t.sim, conversationId);
    expect(rec.endUserDisplayName).toBe('Janae Wolff');
    expect(ofType(rec, 'Message').map((e) => [e.sender.role, e.senderDisplayName])).toEqual([['EndUser', 'Janae Wolff']]);
  });

  it('without a pre-chat name, a verified end user goes by the identity token\'s sub and a guest by "Guest"', async () => {
    const verified = await getVerifiedToken(t.sim, 'contact-42');
    const guest = await getGuestToken(t.sim);
    const names = [];
    for (const { accessToken } of [verified, guest]) {
      const conversationId = await startConversation(t.sim, accessToken, { _lastName: '  ' });
      await sendMessage(t.sim, accessToken, conversationId, 'Hi');
      const rec = await recorded(t.sim, conversationId);
      names.push([rec.endUserDisplayName, ofType(rec, 'Message')[0].senderDisplayName]);
    }
    expect(names).toEqual([
      ['contact-42', 'contact-42'],
      ['Guest', 'Guest'],
    ]);
  });
});
