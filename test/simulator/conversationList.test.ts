import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { API } from '../helpers/conversations.ts';
import { call, getGuestToken, show, startConversation, useSim } from '../helpers/sim.ts';

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
