import { describe, expect, it } from 'vitest';
import { openLive } from '../helpers/live.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { escalate, escalation, handoffUntil, V1 } from '../helpers/widget.ts';

describe('widget handoffs /__sim/v1/widget/handoffs', () => {
  const t = useSim();

  it('runs the real handoff client: conversation with routing attributes and the AI transcript, rep replies relayed', async () => {
    const started = await escalate(t.sim);
    expect(started).toMatchObject({ status: 'starting', channel: 'whatsapp', conversationId: null });
    const live = await handoffUntil(t.sim, started.id, (v) => v.status === 'live');
    expect(live.routingAttributes).toMatchObject({ Channel: 'WhatsApp', Chat_language: 'fr', Origin: 'MIABOT', Chat_Consumer_Type: 'Authenticated' });
    expect(live.steps.map((s: any) => `${s.step} ${s.status}`)).toContain('create-conversation done');

    const c = await recorded(t.sim, live.conversationId);
    expect(c.routingAttributes.Channel).toBe('WhatsApp');
    expect(c.endUserDisplayName).toBe('Camille Martin'); // the name typed in the widget, not the contact id
    const texts = c.entries.filter((e: any) => e.entryType === 'Message').map((e: any) => e.entryPayload.abstractMessage.staticContent.text).join('\n');
    expect(texts).toContain('Camille wants to change the delivery address of order 77.');
    expect(texts).toContain('Customer: Can I change my delivery address?');

    const reply = await call(t.sim, 'POST', `${V1}/conversations/${live.conversationId}/messages`, { body: { text: 'Bonjour Camille, je regarde.' } });
    expect(reply.status, show(reply)).toBe(201);
    const relayed = await handoffUntil(t.sim, started.id, (v) => v.events.some((e: any) => e.type === 'message'));
    expect(relayed.events).toContainEqual(expect.objectContaining({ type: 'message', text: 'Bonjour Camille, je regarde.', senderName: 'Sim Rep' }));
  });

  it('announces each step and rep event on the live feed', async () => {
    const feed = await openLive(t.sim.url);
    try {
      const { id } = await escalate(t.sim);
      await feed.waitFor((m) => m.type === 'widget' && m.handoffId === id);
      await handoffUntil(t.sim, id, (v) => v.status === 'live');
    } finally {
      feed.close();
    }
  });

  it('lets the customer write again, starting a new session after the rep ended the last one', async () => {
    const { id } = await escalate(t.sim);
    const { conversationId } = await handoffUntil(t.sim, id, (v) => v.status === 'live');
    await call(t.sim, 'POST', `${V1}/conversations/${conversationId}/end-session`);
    await handoffUntil(t.sim, id, (v) => v.status === 'ended');
    const again = await call(t.sim, 'POST', `${V1}/widget/handoffs/${id}/messages`, { body: { text: 'One more thing' } });
    expect(again.status, show(again)).toBe(202);
    expect(again.body).toEqual({ newSession: true });
    await handoffUntil(t.sim, id, (v) => v.status === 'live');
    const c = await recorded(t.sim, conversationId);
    expect(c.sessions).toHaveLength(2);
  });

  it('retries a create answered 503 once, and the retry shows in the steps and the journal', async () => {
    const fault = await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { method: 'POST', path: '/iamessage/api/v2/conversation' }, action: { type: 'status', status: 503 }, times: 1 } });
    expect(fault.status, show(fault)).toBe(201);
    const { id } = await escalate(t.sim);
    const live = await handoffUntil(t.sim, id, (v) => v.status === 'live');
    expect(live.steps).toContainEqual(expect.objectContaining({ step: 'create-conversation', status: 'retrying', attempt: 1 }));
    const journal = (await call(t.sim, 'GET', `${V1}/journal?conversationId=${live.conversationId}`)).body.requests;
    expect(journal.filter((r: any) => r.path === '/iamessage/api/v2/conversation').map((r: any) => [r.status, r.fault ?? null])).toEqual([
      [503, fault.body.rules[0].id],
      [201, null],
    ]);
  });

  it('reports a failed handoff with the client error and hint', async () => {
    await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { path: '/iamessage/api/v2/authorization/authenticated/access-token' }, action: { type: 'status', status: 404 } } });
    const { id } = await escalate(t.sim);
    const failed = await handoffUntil(t.sim, id, (v) => v.status === 'failed');
    expect(failed.error).toMatchObject({ name: 'TokenExchangeError', step: 'exchange-token' });
    expect(failed.error.hint).not.toBe('');
  });

  it('never sends the private key to the page', async () => {
    const { id } = await escalate(t.sim);
    const view = await handoffUntil(t.sim, id, (v) => v.status === 'live');
    const raw = JSON.stringify(view);
    expect(raw).not.toMatch(/PRIVATE KEY/);
    for (const line of t.sim.privateKeyPem.split('\n').filter((l) => l.length > 40)) expect(raw).not.toContain(line);
  });

  it('refuses a bad request naming the field, and forgets handoffs on reset', async () => {
    const bad = await call(t.sim, 'POST', `${V1}/widget/handoffs`, { body: { ...escalation, channel: 'email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/channel/);
    const { id } = await escalate(t.sim);
    await handoffUntil(t.sim, id, (v) => v.status === 'live');
    await call(t.sim, 'POST', `${V1}/reset`);
    const gone = await call(t.sim, 'GET', `${V1}/widget/handoffs/${id}`);
    expect(gone.status).toBe(404);
  });
});
