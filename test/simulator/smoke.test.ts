import { describe, expect, it } from 'vitest';
import { call, getVerifiedToken, recorded, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

describe('the simulator, end to end on its defaults', () => {
  const t = useSim();

  it('turns a signed identity token into a conversation whose rep reply reaches the event stream', async () => {
    const { accessToken, lastEventId } = await getVerifiedToken(t.sim);
    const id = await startConversation(t.sim, accessToken, { Origin: 'MIABOT', Priority: 'Low' });
    expect((await recorded(t.sim, id)).routingAttributes).toEqual({ Origin: 'MIABOT', Priority: 'Low' });

    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    const rep = await call(t.sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text: 'Hi, this is your rep' } });
    expect(rep.status, show(rep)).toBe(201);
    const events = await stream.waitFor((f) => f.some((e) => e.event === 'CONVERSATION_MESSAGE'));
    stream.close();
    const message = events.find((e) => e.event === 'CONVERSATION_MESSAGE')!;
    const data = JSON.parse(message.data);
    expect(data.conversationId).toBe(id);
    expect(JSON.parse(data.conversationEntry.entryPayload).abstractMessage.staticContent.text).toBe('Hi, this is your rep');
    expect(data.conversationEntry.sender.role).toBe('Agent');
  });
});
