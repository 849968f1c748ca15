import { describe, expect, it } from 'vitest';
import { call, show, useSim } from '../../helpers/sim.ts';
import { V1, escalate, escalation, handoffUntil } from '../../helpers/widget.ts';

/** The widget's email channel on the control API: the real client's Email Case path, in this process. */
describe('widget handoffs on channel email', () => {
  const t = useSim();
  const byEmail = { ...escalation, channel: 'email', customerName: 'Ada Lovelace', customerEmail: 'ada@example.com' };

  it('opens an Email Case through the client and reports its number, with the transcript on the case', async () => {
    const started = await escalate(t.sim, byEmail);
    expect(started).toMatchObject({ status: 'starting', channel: 'email', case: null });
    const view = await handoffUntil(t.sim, started.id, (v) => v.status !== 'starting');
    expect(view.status, JSON.stringify(view.error)).toBe('case-opened');
    expect(view.case).toEqual({ caseId: expect.stringMatching(/^500/), caseNumber: '00001001', created: true, email: 'ada@example.com' });
    expect(view.steps.map((s: any) => `${s.step}: ${s.status}`)).toContain('open-case: done');
    const opened = await call(t.sim, 'GET', `${V1}/cases/${view.case.caseId}`);
    expect(opened.status, show(opened)).toBe(200);
    expect(opened.body.fields).toMatchObject({ SuppliedEmail: 'ada@example.com', SuppliedName: 'Ada Lovelace', Subject: escalation.summary, Origin: 'Email' });
    expect(opened.body.emails).toEqual([expect.objectContaining({ Incoming: true, FromAddress: 'ada@example.com', TextBody: expect.stringContaining('Can I change my delivery address?') })]);
    // No messaging conversation: the rep answers by email.
    expect((await call(t.sim, 'GET', `${V1}/conversations`)).body.conversations).toEqual([]);
  });

  it('refuses an email handoff without an address, or with one that is not, naming customerEmail', async () => {
    for (const body of [{ ...byEmail, customerEmail: undefined }, { ...byEmail, customerEmail: 'not an address' }]) {
      const r = await call(t.sim, 'POST', `${V1}/widget/handoffs`, { body });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.message).toMatch(/customerEmail: (is required for channel email|must be an email address)/);
    }
    expect((await call(t.sim, 'GET', `${V1}/cases`)).body.cases).toEqual([]);
  });

  it('a fault on the case upsert fails the handoff with the client\'s named error, and no case is left half-made', async () => {
    const fault = await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { method: 'PATCH', path: '/services/data/v62.0/sobjects/Case/*/*' }, action: { type: 'status', status: 403 } } });
    expect(fault.status, show(fault)).toBe(201);
    const view = await handoffUntil(t.sim, (await escalate(t.sim, byEmail)).id, (v) => v.status !== 'starting');
    expect(view).toMatchObject({ status: 'failed', case: null, error: { name: 'EmailCaseError', step: 'open-case' } });
    expect((await call(t.sim, 'GET', `${V1}/cases`)).body.cases).toEqual([]);
  });
});
