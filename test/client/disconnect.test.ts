import { describe, expect, it } from 'vitest';
import { createHandoffClient, DisconnectedError } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { call, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

describe('disconnect: active conversations finish on their channel, new handoffs are refused', () => {
  const t = useSim();
  const rep = (conversationId: string, action: string, body: unknown = {}) => call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/${action}`, { body });

  it('keeps streaming every handed-off conversation to its sink until its session ends, then lets it go', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const sinks = [new RecordingSink(), new RecordingSink()];
    const [first, second] = [messaging(await client.handoff(fakeSession({ seed: 11 }), sinks[0]!)), messaging(await client.handoff(fakeSession({ seed: 12 }), sinks[1]!))];
    await rep(first!.conversationId, 'accept', { repName: 'Priya' });
    await rep(first!.conversationId, 'typing', { isTyping: true, repName: 'Priya' });
    await sinks[0]!.waitFor((events) => events.some((e) => e.type === 'typing' && e.isTyping));

    await client.disconnect();
    const refused = await client.handoff(fakeSession({ seed: 13 }), new RecordingSink()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DisconnectedError);
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toHaveLength(2);
    expect(client.activeConversations.sort()).toEqual([first!.conversationId, second!.conversationId].sort());

    // The rep finishes the sentence they were typing, the customer answers on the same channel.
    expect((await rep(first!.conversationId, 'messages', { text: 'Your replacement ships today.', repName: 'Priya' })).status).toBe(201);
    await sinks[0]!.waitFor(() => sinks[0]!.messages().includes('Your replacement ships today.'));
    expect(await first!.sendCustomerMessage('Thank you!')).toEqual({ newSession: false });
    expect((await rep(second!.conversationId, 'messages', { text: 'Still with you.', repName: 'Alex' })).status).toBe(201);
    await sinks[1]!.waitFor(() => sinks[1]!.messages().includes('Still with you.'));

    // Each stream ends only with its session.
    expect(first!.stream.settled).toBe(false);
    expect((await rep(first!.conversationId, 'end-session')).status).toBe(200);
    await first!.stream.done;
    expect(sinks[0]!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['typing', 'message', 'session-ended']));
    expect(sinks[0]!.events.at(-1)?.type).toBe('session-ended');
    expect(client.activeConversations).toEqual([second!.conversationId]);
    expect(second!.stream.settled).toBe(false);

    expect((await rep(second!.conversationId, 'end-session')).status).toBe(200);
    await second!.stream.done;
    expect(client.activeConversations).toEqual([]);
    const customerLines = (await call(t.sim, 'GET', `/__sim/v1/conversations/${first!.conversationId}`)).body.entries.filter((e: { sender: { role: string }; entryType: string }) => e.entryType === 'Message' && e.sender.role === 'EndUser');
    expect(customerLines.length).toBeGreaterThanOrEqual(2); // the transcript and "Thank you!"
  });
});
