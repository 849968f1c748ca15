import { describe, expect, it } from 'vitest';
import { API, ofType } from '../helpers/conversations.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, stateSnapshot, textMessage, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

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
