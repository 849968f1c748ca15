import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.ts';
import { openLive, type LiveClient } from '../helpers/live.ts';
import { call, getGuestToken, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';

const V1 = '/__sim/v1';

describe('live feed /__sim/v1/live', () => {
  const t = useSim();
  const open: LiveClient[] = [];
  const live = async () => {
    const client = await openLive(t.sim.url);
    open.push(client);
    return client;
  };
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  it('says hello, then tells of a new conversation, its entries and the routing change', async () => {
    const feed = await live();
    expect(feed.messages[0]).toEqual({ type: 'hello', version: 1 });
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await feed.waitFor((m) => m.type === 'entry' && m.conversationId === id && m.entryType === 'RoutingResult');
    await feed.waitFor((m) => m.type === 'routing');
    await sendMessage(t.sim, accessToken, id, 'hello there');
    await feed.waitFor((m) => m.type === 'entry' && m.conversationId === id && m.entryType === 'Message');
    await feed.waitFor((m) => m.type === 'journal' && m.conversationId === id);
  });

  it('carries ids and types only, never message text or tokens', async () => {
    const feed = await live();
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    await sendMessage(t.sim, accessToken, id, 'my secret order number 12345');
    await feed.waitFor((m) => m.type === 'journal' && m.conversationId === id && m.seq > 1);
    const raw = JSON.stringify(feed.messages);
    expect(raw).not.toContain('12345');
    expect(raw).not.toContain(accessToken);
  });

  it('tells of rep actions, rep and presence changes, and conversations closed', async () => {
    const feed = await live();
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { text: 'Hi from the rep' } });
    expect(r.status, show(r)).toBe(201);
    await feed.waitFor((m) => m.type === 'entry' && m.conversationId === id && m.entryType === 'ParticipantChanged');
    await call(t.sim, 'POST', `${V1}/conversations/${id}/end-session`);
    feed.messages.length = 0;
    await call(t.sim, 'POST', `${V1}/conversations/${id}/close`);
    await feed.waitFor((m) => m.type === 'conversation' && m.conversationId === id);

    feed.messages.length = 0;
    expect((await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'You', queues: ['Default'], presence: 'Away' } })).status).toBe(201);
    await feed.waitFor((m) => m.type === 'routing');
    feed.messages.length = 0;
    await call(t.sim, 'PATCH', `${V1}/reps/You`, { body: { presence: 'Online' } });
    await feed.waitFor((m) => m.type === 'routing');
  });

  it('tells of fault rules added, served and cleared', async () => {
    const feed = await live();
    const added = await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { method: 'POST', path: '/iamessage/api/v2/conversation' }, action: { type: 'status', status: 503 }, times: 1 } });
    expect(added.status, show(added)).toBe(201);
    await feed.waitFor((m) => m.type === 'faults');
    const { accessToken } = await getGuestToken(t.sim);
    await expect(startConversation(t.sim, accessToken)).rejects.toThrow(/503/);
    const served = await feed.waitFor((m) => m.type === 'fault-served');
    expect(served).toEqual({ type: 'fault-served', ruleId: added.body.rules[0].id, method: 'POST', path: '/iamessage/api/v2/conversation' });
    await feed.waitFor((m) => m.type === 'journal' && m.fault === added.body.rules[0].id);
    feed.messages.length = 0;
    await call(t.sim, 'DELETE', `${V1}/faults`);
    await feed.waitFor((m) => m.type === 'faults');
  });

  it('tells of reset and clock moves, to every socket open', async () => {
    const [a, b] = [await live(), await live()];
    await call(t.sim, 'POST', `${V1}/clock/advance`, { body: { seconds: 5 } });
    await call(t.sim, 'POST', `${V1}/reset`);
    for (const feed of [a, b]) {
      await feed.waitFor((m) => m.type === 'clock');
      await feed.waitFor((m) => m.type === 'reset');
    }
  });

  it('refuses WebSocket upgrades on other paths with 404', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${t.sim.url}/__sim/v1/health`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('response', (res) => resolve(res.statusCode));
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});

describe('live feed when the simulator stops', () => {
  it('closes open sockets with 1001 (going away), and stop() resolves with a feed still open', async () => {
    const sim = await startSimulator({ log: () => undefined });
    const feed = await openLive(sim.url);
    await sim.stop();
    expect(await feed.closed).toBe(1001);
  });
});
