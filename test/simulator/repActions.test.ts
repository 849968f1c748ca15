import { describe, expect, it } from 'vitest';
import { call, getGuestToken, recorded, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream, type SseFrame } from '../helpers/sse.ts';

const V1 = '/__sim/v1';
const entryTypes = (frames: SseFrame[]) => frames.map((f) => JSON.parse(f.data).conversationEntry.entryType);

describe('control API: rep actions', () => {
  const t = useSim();

  async function conversationWithStream() {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    await stream.waitFor((f) => f.length === 1);
    const rep = (action: string, body?: unknown) => call(t.sim, 'POST', `${V1}/conversations/${id}/${action}`, { body: body ?? {} });
    return { id, stream, rep };
  }

  it('accept, typing and messages produce ParticipantChanged add, typing indicators and an Agent Message', async () => {
    const { id, stream, rep } = await conversationWithStream();
    for (const [action, body, status] of [['accept', { repName: 'Alex' }, 200], ['typing', { isTyping: true, repName: 'Alex' }, 204], ['typing', { isTyping: false, repName: 'Alex' }, 204], ['messages', { text: 'How can I help?', repName: 'Alex' }, 201]] as const) {
      const r = await rep(action, body);
      expect(r.status, show(r)).toBe(status);
    }
    const frames = await stream.waitFor((f) => f.length === 5);
    stream.close();

    expect(entryTypes(frames)).toEqual(['RoutingResult', 'ParticipantChanged', 'TypingStartedIndicator', 'TypingStoppedIndicator', 'Message']);
    const added = JSON.parse(JSON.parse(frames[1]!.data).conversationEntry.entryPayload);
    expect(added.entries[0]).toMatchObject({ operation: 'add', displayName: 'Alex', participant: { role: 'Agent' } });
    const message = JSON.parse(frames[4]!.data).conversationEntry;
    expect(message).toMatchObject({ sender: { role: 'Agent' }, senderDisplayName: 'Alex' });
    const c = await recorded(t.sim, id);
    expect(c.entries.map((e: any) => e.entryType)).toEqual(['RoutingResult', 'ParticipantChanged', 'Message']);
    expect(c.sessionStatus).toBe('Active');
  });

  it('end-session removes the rep and reports the session ended; the conversation stays open but refuses rep messages', async () => {
    const { id, stream, rep } = await conversationWithStream();
    await rep('accept');
    const r = await rep('end-session');
    expect(r.status, show(r)).toBe(200);
    expect(r.body).toMatchObject({ status: 'OPEN', sessionStatus: 'Ended' });
    const frames = await stream.waitFor((f) => f.length === 4);
    stream.close();

    expect(entryTypes(frames)).toEqual(['RoutingResult', 'ParticipantChanged', 'ParticipantChanged', 'SessionStatusChanged']);
    expect(frames.slice(1).map((f) => f.event)).toEqual(['CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_PARTICIPANT_CHANGED', 'CONVERSATION_SESSION_STATUS_CHANGED']);
    expect(JSON.parse(JSON.parse(frames[2]!.data).conversationEntry.entryPayload).entries[0].operation).toBe('remove');
    const late = await rep('messages', { text: 'too late' });
    expect(late.status, show(late)).toBe(409);
    expect((await recorded(t.sim, id)).status).toBe('OPEN');
  });

  it('close closes the conversation, after which a rep message is 409', async () => {
    const { id, stream, rep } = await conversationWithStream();
    await rep('accept');
    const closed = await rep('close');
    expect(closed.status, show(closed)).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    const frames = await stream.waitFor((f) => entryTypes(f).includes('SessionStatusChanged'));
    stream.close();
    expect(entryTypes(frames)).toContain('ParticipantChanged');

    const r = await rep('messages', { text: 'hello?' });
    expect(r.status, show(r)).toBe(409);
    expect(r.body.errorCode).toBe('CONVERSATION_CLOSED');
    expect((await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message')).toEqual([]);
  });

  it.each([['messages', {}, 400], ['messages', { text: '' }, 400], ['typing', {}, 400]] as const)('%s with %j => %i', async (action, body, status) => {
    const { stream, rep } = await conversationWithStream();
    stream.close();
    const r = await rep(action, body);
    expect(r.status, show(r)).toBe(status);
  });

  it('answers 404 for an unknown conversation', async () => {
    const r = await call(t.sim, 'POST', `${V1}/conversations/${crypto.randomUUID()}/messages`, { body: { text: 'hi' } });
    expect(r.status, show(r)).toBe(404);
  });
});
