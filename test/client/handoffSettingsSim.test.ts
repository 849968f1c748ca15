import { describe, expect, it } from 'vitest';
import { createHandoffClient, OutsideOfficeHoursError, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { ManualClock } from '../../simulator/index.ts';
import { call, recorded, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

/** Monday 10:00 and Sunday 23:00 in Paris (winter time, UTC+1). */
const MONDAY_10_PARIS = Date.parse('2026-11-30T09:00:00Z');
const SUNDAY_23_PARIS = Date.parse('2026-11-29T22:00:00Z');
const officeHours = (outsideHours: string) => ({ timeZone: 'Europe/Paris', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] }, outsideHours });
const vipRules = {
  priority: [{ when: { field: 'contact.tier', equals: 'VIP' }, value: 'High' }],
  attributes: [{ when: { field: 'contact.tier', in: ['VIP'] }, set: { Segment: 'Premium' } }],
};

describe('a handoff with settings, on a clock the test moves (the client and the simulator share it)', () => {
  const clock = new ManualClock(MONDAY_10_PARIS);
  const t = useSim({ clock });
  const client = (settings: unknown) => createHandoffClient(configFor(t.sim, { settings }), { now: () => clock.now() });
  const dataRequests = async () => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: { path: string }) => !r.path.startsWith('/__sim/'));

  it('reports check-settings first, then hands a VIP off with Priority High and the extra attribute', async () => {
    clock.set(MONDAY_10_PARIS);
    const steps: StepReport[] = [];
    const session = fakeSession({ seed: 4 });
    session.contact.tier = 'VIP';
    const handoff = messaging(await client({ ...vipRules, officeHours: officeHours('refuse') }).handoff(session, new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();
    expect(steps.slice(0, 2).map((s) => `${s.step}:${s.status}`)).toEqual(['check-settings:started', 'check-settings:done']);
    expect(steps[1]!.detail).toMatch(/^messaging: open \(Mon 2026-11-30 10:00 \(Europe\/Paris\)\); Priority High \(contact\.tier equals "VIP"\); Segment/);
    expect(steps.filter((s) => s.status === 'done')).toHaveLength(8);
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.routingAttributes).toMatchObject({ Priority: 'High', Segment: 'Premium' });
  });

  it('leaves a contact the rules do not match at the default Low, with no extra attribute', async () => {
    clock.set(MONDAY_10_PARIS);
    const handoff = messaging(await client(vipRules).handoff(fakeSession({ seed: 4 }), new RecordingSink()));
    handoff.stream.close();
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.routingAttributes.Priority).toBe('Low');
    expect(rec.routingAttributes).not.toHaveProperty('Segment');
  });

  it('outside office hours with "refuse" throws OutsideOfficeHoursError with the next opening, before any request', async () => {
    clock.set(SUNDAY_23_PARIS);
    const steps: StepReport[] = [];
    const error = await client({ officeHours: officeHours('refuse') }).handoff(fakeSession({ seed: 4 }), new RecordingSink(), { onStep: (r) => steps.push(r) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutsideOfficeHoursError);
    expect((error as OutsideOfficeHoursError).opensAt).toEqual(new Date(MONDAY_10_PARIS - 3_600_000));
    expect(steps.map((s) => `${s.step}:${s.status}`)).toEqual(['check-settings:started', 'check-settings:failed']);
    expect(await dataRequests()).toEqual([]);
  });

  it('outside office hours with "handoff" hands off anyway, and the step says so', async () => {
    clock.set(SUNDAY_23_PARIS);
    const steps: StepReport[] = [];
    const handoff = messaging(await client({ officeHours: officeHours('handoff') }).handoff(fakeSession({ seed: 4 }), new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();
    expect(steps[1]!.detail).toMatch(/closed at Sun 2026-11-29 23:00 \(Europe\/Paris\), opens again Mon 2026-11-30 09:00 \(Europe\/Paris\): handing off anyway/);
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toHaveLength(1);
  });

  it('outside office hours with "email-case" opens an Email Case, as the email channel does, and sends nothing to MIAW', async () => {
    clock.set(SUNDAY_23_PARIS);
    const steps: StepReport[] = [];
    const afterHours = await client({ officeHours: officeHours('email-case') }).handoff(fakeSession({ seed: 4 }), new RecordingSink(), { onStep: (r) => steps.push(r) });
    // A web session typed as such still comes back as an Email Case here: the result says so by its kind.
    if (afterHours.kind !== 'email-case') throw new Error(`expected an Email Case, got conversation ${afterHours.conversationId}`);
    expect(steps[1]).toMatchObject({ step: 'check-settings', status: 'done' });
    expect(steps[1]!.detail).toMatch(/^email-case: closed at Sun/);
    expect(steps.filter((s) => s.status === 'done').map((s) => s.step)).toEqual(['check-settings', 'authenticate-salesforce', 'build-transcript', 'extract-routing-attributes', 'open-case', 'attach-transcript', 'read-case']);
    expect(afterHours).toMatchObject({ kind: 'email-case', channel: 'email', created: true });
    const cases = (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases;
    expect(cases.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([afterHours.caseNumber]);
    expect((await dataRequests()).filter((r: { path: string }) => !r.path.startsWith('/services/'))).toEqual([]);
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toHaveLength(0);

    clock.set(MONDAY_10_PARIS);
    const inHours = messaging(await client({ officeHours: officeHours('email-case') }).handoff(fakeSession({ seed: 5 }), new RecordingSink()));
    inHours.stream.close();
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toHaveLength(1);
  });
  it("outside office hours the Email Case is routed by the same rules: a VIP's case gets Priority High and the extra attribute", async () => {
    clock.set(SUNDAY_23_PARIS);
    const session = fakeSession({ seed: 6 });
    session.contact.tier = 'VIP';
    const opened = await client({ ...vipRules, officeHours: officeHours('email-case') }).handoff(session, new RecordingSink());
    if (opened.kind !== 'email-case') throw new Error(`expected an Email Case, got conversation ${opened.conversationId}`);
    expect(opened.routingAttributes).toMatchObject({ Priority: 'High', Segment: 'Premium' });
    const [view] = (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases;
    expect(view.fields.Priority).toBe('High'); // emailCase.fieldMap's default maps Priority to the Case field
    expect(view.fields.Description).toContain('Segment: Premium');
  });

  it('openCase() called directly routes the case by the same rules, but its channel and the office hours do not refuse it', async () => {
    clock.set(SUNDAY_23_PARIS);
    const settings = { ...vipRules, channels: ['web'], officeHours: officeHours('refuse') };
    const session = fakeSession({ seed: 8, channel: 'sms' });
    session.contact.tier = 'VIP';
    // handoff() at this hour, from this channel, is refused: the settings are in force.
    await expect(client(settings).handoff(session, new RecordingSink())).rejects.toThrow(/may not hand off/);
    const steps: StepReport[] = [];
    const opened = await client(settings).openCase(session, { onStep: (r) => steps.push(r) });
    expect(opened.routingAttributes).toMatchObject({ Priority: 'High', Segment: 'Premium' });
    const view = (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases.find((c: { id: string }) => c.id === opened.caseId);
    expect(view.fields.Priority).toBe('High');
    expect(view.fields.Description).toContain('Segment: Premium');
    expect(steps.slice(0, 2).map((s) => `${s.step}:${s.status}`)).toEqual(['check-settings:started', 'check-settings:done']);
    expect(steps[1]!.detail).toBe('email-case: openCase chose it (channels and office hours not checked); Priority High (contact.tier equals "VIP"); Segment (contact.tier in ["VIP"])');
  });

  it('openCase() for a contact the rules do not match, or without settings, adds nothing and reports no check-settings step', async () => {
    clock.set(MONDAY_10_PARIS);
    const plain = await client(vipRules).openCase(fakeSession({ seed: 9, channel: 'email' }));
    expect(plain.routingAttributes).not.toHaveProperty('Segment');
    expect(plain.routingAttributes.Priority).toBe('Low');
    const steps: StepReport[] = [];
    await createHandoffClient(configFor(t.sim), { now: () => clock.now() }).openCase(fakeSession({ seed: 10, channel: 'email' }), { onStep: (r) => steps.push(r) });
    expect(steps.map((s) => s.step)).not.toContain('check-settings');
  });

  it("a session's own priority wins over a priority rule (an explicit value from the bot platform), and the step says so", async () => {
    clock.set(MONDAY_10_PARIS);
    const steps: StepReport[] = [];
    const session = { ...fakeSession({ seed: 7 }), priority: 'Low' };
    session.contact.tier = 'VIP';
    const handoff = messaging(await client(vipRules).handoff(session, new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();
    expect(handoff.routingAttributes).toMatchObject({ Priority: 'Low', Segment: 'Premium' });
    expect((await recorded(t.sim, handoff.conversationId)).routingAttributes.Priority).toBe('Low');
    expect(steps.find((s) => s.step === 'check-settings' && s.status === 'done')?.detail).toContain("Priority High (contact.tier equals \"VIP\"), but the session's own Priority Low wins");
  });
});
