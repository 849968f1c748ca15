import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { call, getGuestToken, getVerifiedToken, recorded, sendMessage, show, startConversation, stateSnapshot, textMessage, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

const API = '/iamessage/api/v2';
const UUID_TEXT = 'Specify the conversationId in UUID format. The UUID must be in lowercase.';

const ofType = (c: { entries: any[] }, type: string): any[] => c.entries.filter((e) => e.entryType === type);

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

describe('GET /conversation/list and GET /conversation/:id', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });
  const list = (token: string, query = '') => call(t.sim, 'GET', `${API}/conversation/list${query}`, { token });

  /** Three conversations of one user created out of start order (B, C, A by time), and one of another user. */
  async function threeOutOfOrder() {
    const base = clock.now() + 60_000;
    clock.set(base);
    const me = await getGuestToken(t.sim);
    const someoneElse = await getGuestToken(t.sim);
    clock.set(base + 2_000);
    const late = await startConversation(t.sim, me.accessToken);
    clock.set(base);
    const early = await startConversation(t.sim, me.accessToken);
    clock.set(base + 1_000);
    const middle = await startConversation(t.sim, me.accessToken);
    const foreign = await startConversation(t.sim, someoneElse.accessToken);
    clock.set(base + 3_000);
    return { token: me.accessToken, otherToken: someoneElse.accessToken, ordered: [early, middle, late], foreign, base };
  }

  it('lists only the caller\'s open conversations in ascending startTimestamp order, with counts', async () => {
    const { token, ordered, foreign, base } = await threeOutOfOrder();
    const r = await list(token, '?inclClosedConvs=false&limit=20');
    expect(r.status, show(r)).toBe(200);
    expect(r.body.conversations.map((c: any) => c.conversationId)).toEqual(ordered);
    expect(r.body.conversations.map((c: any) => c.startTimestamp)).toEqual([base, base + 1_000, base + 2_000]);
    expect(r.body.conversations.every((c: any) => c.endTimestamp === 0)).toBe(true);
    expect(r.body.openConversationsFound).toBe(3);
    expect(JSON.stringify(r.body)).not.toContain(foreign);
  });

  it('leaves closed conversations out unless inclClosedConvs=true', async () => {
    const { token, ordered } = await threeOutOfOrder();
    const closed = ordered[1]!;
    const del = await call(t.sim, 'DELETE', `${API}/conversation/${closed}?esDeveloperName=${t.sim.esDeveloperName}`, { token });
    expect(del.status, show(del)).toBe(204);

    const openOnly = await list(token);
    expect(openOnly.status, show(openOnly)).toBe(200);
    expect(openOnly.body.conversations.map((c: any) => c.conversationId)).toEqual([ordered[0], ordered[2]]);
    expect(openOnly.body.openConversationsFound).toBe(2);

    const all = await list(token, '?inclClosedConvs=true');
    expect(all.status, show(all)).toBe(200);
    expect(all.body.conversations.map((c: any) => c.conversationId)).toEqual(ordered);
    expect(all.body).toMatchObject({ openConversationsFound: 2, closedConversationsFound: 1 });
    expect(all.body.conversations[1].endTimestamp).toBe(clock.now());
  });

  it('caps the page with limit but still counts every conversation', async () => {
    const { token, ordered } = await threeOutOfOrder();
    const r = await list(token, '?limit=2');
    expect(r.status, show(r)).toBe(200);
    expect(r.body.conversations.map((c: any) => c.conversationId)).toEqual(ordered.slice(0, 2));
    expect(r.body.openConversationsFound).toBe(3);
  });

  it('GET /conversation/:id answers the routing status to the owner and 404 to anyone else', async () => {
    const { token, otherToken, ordered } = await threeOutOfOrder();
    const id = ordered[0]!;
    const mine = await call(t.sim, 'GET', `${API}/conversation/${id}`, { token });
    expect(mine.status, show(mine)).toBe(200);
    expect(mine.body).toEqual({ conversationId: id, routingStatus: 'ROUTED' });

    const theirs = await call(t.sim, 'GET', `${API}/conversation/${id}`, { token: otherToken });
    expect(theirs.status, show(theirs)).toBe(404);
    const unknown = await call(t.sim, 'GET', `${API}/conversation/${crypto.randomUUID()}`, { token });
    expect(unknown.status, show(unknown)).toBe(404);
  });
});

describe('closing, ending the session and the transcript', () => {
  const t = useSim();
  const q = () => `?esDeveloperName=${t.sim.esDeveloperName}`;

  it('DELETE /conversation/:id answers 204, emits CloseConversation, and a later message gets 400', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId);
    try {
      const r = await call(t.sim, 'DELETE', `${API}/conversation/${id}${q()}`, { token: accessToken });
      expect(r.status, show(r)).toBe(204);
      expect(r.text).toBe('');
      const events = await stream.waitFor((f) => f.some((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION'));
      const data = JSON.parse(events.find((e) => e.event === 'CONVERSATION_CLOSE_CONVERSATION')!.data);
      expect(data.conversationId).toBe(id);
      expect(JSON.parse(data.conversationEntry.entryPayload)).toMatchObject({ entryType: 'CloseConversation', conversationIdentifier: id });
    } finally {
      stream.close();
    }
    const closed = await recorded(t.sim, id);
    expect(closed.status).toBe('CLOSED');

    const late = await sendMessage(t.sim, accessToken, id, 'anyone there?');
    expect(late.status, show(late)).toBe(400);
    expect(late.body.errorCode).toBe('CONVERSATION_CLOSED');
    expect((await recorded(t.sim, id)).entryCount).toBe(closed.entryCount);
  });

  it.each(['', '/session', '/transcript'])('%s without esDeveloperName is 400 and changes nothing', async (suffix) => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const before = await stateSnapshot(t.sim);
    const r = await call(t.sim, suffix === '/transcript' ? 'GET' : 'DELETE', `${API}/conversation/${id}${suffix}`, { token: accessToken });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe('MISSING_ES_DEVELOPER_NAME');
    expect(await stateSnapshot(t.sim)).toEqual(before);
  });

  it('ending the session gives 204, then a message gets 417 with nothing stored, and a resend with isNewMessagingSession re-routes', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken, { Origin: 'First' });
    const end = await call(t.sim, 'DELETE', `${API}/conversation/${id}/session${q()}`, { token: accessToken });
    expect(end.status, show(end)).toBe(204);
    const ended = await recorded(t.sim, id);
    expect(ended).toMatchObject({ status: 'OPEN', sessionStatus: 'Ended' });

    const message = textMessage('are you still there?');
    const before = await stateSnapshot(t.sim);
    const refused = await call(t.sim, 'POST', `${API}/conversation/${id}/message`, { token: accessToken, body: { esDeveloperName: t.sim.esDeveloperName, message } });
    expect(refused.status, show(refused)).toBe(417);
    expect(refused.body).toMatchObject({ code: '417', errorCode: 'NO_ACTIVE_MESSAGING_SESSION' });
    expect(await stateSnapshot(t.sim)).toEqual(before);

    const resend = await call(t.sim, 'POST', `${API}/conversation/${id}/message`, {
      token: accessToken,
      body: { esDeveloperName: t.sim.esDeveloperName, message, isNewMessagingSession: true, routingAttributes: { Origin: 'Second', Priority: 'High' }, language: 'en_US' },
    });
    expect(resend.status, show(resend)).toBe(202);
    expect(resend.body.conversationEntries[0].id).toBe(message.id);

    const rec = await recorded(t.sim, id);
    expect(rec.sessions.map((s: any) => s.status)).toEqual(['Ended', 'Waiting']);
    expect(rec.sessions[0].routingAttributes).toEqual({ Origin: 'First' });
    expect(rec.routingAttributes).toEqual({ Origin: 'Second', Priority: 'High' });
    const routing = ofType(rec, 'RoutingResult');
    expect(routing.map((e) => e.entryPayload.recordId)).toEqual([rec.sessions[0].id, rec.sessions[1].id]);
    const ids = rec.entries.map((e: any) => e.identifier);
    expect(ids.indexOf(message.id)).toBeGreaterThan(ids.lastIndexOf(routing[1].identifier));
    expect(ids.filter((x: string) => x === message.id)).toHaveLength(1);
  });

  it('GET /transcript answers a PDF with the conversation\'s text', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const sent = await sendMessage(t.sim, accessToken, id, 'Where is my parcel 4711');
    expect(sent.status, show(sent)).toBe(202);
    const rep = await call(t.sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text: 'It left the depot today' } });
    expect(rep.status, show(rep)).toBe(201);

    const res = await fetch(`${t.sim.url}${API}/conversation/${id}/transcript${q()}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(res.status, `${res.status} ${pdf.slice(0, 300)}`).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('Where is my parcel 4711');
    expect(pdf).toContain('It left the depot today');
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
  });
});
