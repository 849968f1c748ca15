import { afterEach, describe, expect, it } from 'vitest';
import { call, show } from '../helpers/sim.ts';
import { useSimAndBrowser } from './browser.ts';
import { applyStatusFault, askBot, escalate, front, handoffStatus, openConsole, openDeveloperDetails, openWidget } from './pages.ts';

/**
 * Email from the customer's side to the rep's and back: the widget hands off on channel email
 * through the client's Email Case path and tells the customer the case number; the console shows
 * the case and the rep answers by email, which lands on the case and in the simulated outbox.
 */
describe('an email handoff in the widget and the console', () => {
  const t = useSimAndBrowser();
  afterEach(async () => {
    await call(t.sim!, 'DELETE', '/__sim/v1/faults');
  });

  it('the customer is told the case number; the rep reads the case and replies by email into the outbox', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await openWidget(widget, t.sim!);

    await askBot(widget, 'Hello, where is my order?', 'I can see your order');
    await escalate(widget, { channel: 'Email', name: 'Ada Lovelace', email: 'ada@example.com' });
    const status = await handoffStatus(widget, /^Your case number is \d{8}\. A person from our team will answer you by email at ada@example\.com\.$/);
    const [opened] = (await call(t.sim!, 'GET', '/__sim/v1/cases')).body.cases;
    expect(opened.fields).toMatchObject({ SuppliedEmail: 'ada@example.com', SuppliedName: 'Ada Lovelace', Origin: 'Email' });
    expect(await status.innerText()).toContain(opened.caseNumber);
    await widget.locator('.from-system').filter({ hasText: `Your case number is ${opened.caseNumber}` }).waitFor();
    await openDeveloperDetails(widget);
    await widget.locator('#handoff-steps li').filter({ hasText: 'read-case: done' }).waitFor();
    expect(await widget.locator('#handoff-facts').innerText()).toMatch(new RegExp(`Case number\\s+${opened.caseNumber}`));
    expect(await widget.locator('#chat-heading').innerText()).toBe('Chat with the AI assistant');

    // The console learns of the case through the live feed, and shows what the rep needs to answer it.
    await front(repConsole);
    const item = repConsole.locator('.case-item').filter({ hasText: opened.caseNumber });
    await item.filter({ hasText: 'Ada Lovelace <ada@example.com>' }).waitFor();
    await item.click();
    // The case is fetched when chosen: wait until its facts are drawn.
    await repConsole.locator('#case-facts').filter({ hasText: 'Ada Lovelace <ada@example.com>' }).waitFor();
    expect(await repConsole.locator('#case-facts').innerText()).toMatch(/Contact\s+Ada Lovelace <ada@example\.com>/);
    expect(await repConsole.locator('#case-description').innerText()).toMatch(/^Ada Lovelace wrote to the AI assistant/);
    expect(await repConsole.locator('#case-fields').innerText()).toMatch(/Origin\s+Email[\s\S]*Priority\s+\w+/);
    const transcript = repConsole.locator('#case-emails li.incoming');
    expect(await transcript.innerText()).toContain('Hello, where is my order?');

    await repConsole.getByLabel('Your name').fill('Dana Whitfield');
    await repConsole.getByLabel('Reply by email').fill('Your order left the warehouse today.');
    await repConsole.getByRole('button', { name: 'Send email' }).click();
    const sent = repConsole.locator('#case-emails li.outgoing').filter({ hasText: 'Your order left the warehouse today.' });
    await sent.waitFor();
    expect(await sent.innerText()).toMatch(/^Sent by Dana Whitfield/);

    const outbox = (await call(t.sim!, 'GET', '/__sim/v1/outbox')).body.mails;
    expect(outbox).toEqual([expect.objectContaining({ caseId: opened.id, caseNumber: opened.caseNumber, to: 'ada@example.com', text: 'Your order left the warehouse today.', rep: 'Dana Whitfield' })]);
    const emails = (await call(t.sim!, 'GET', `/__sim/v1/cases/${opened.id}`)).body.emails;
    expect(emails.map((e: any) => [e.Incoming, e.ToAddress ?? null])).toEqual([[true, null], [false, 'ada@example.com']]);
    expect(t.browser.errors).toEqual([]);
  }, 40_000);

  it('a case the org refuses is a readable message for the customer, the cause in developer details; no email, no handoff', async () => {
    const widget = await t.browser.page();
    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Email', name: 'Ada Lovelace', email: '' });
    await widget.locator('#error').filter({ hasText: 'customerEmail: is required for channel email' }).waitFor();

    const fault = await call(t.sim!, 'POST', '/__sim/v1/faults', { body: { match: { method: 'POST', path: '/services/oauth2/token' }, action: { type: 'status', status: 401 } } });
    expect(fault.status, show(fault)).toBe(201);
    await escalate(widget, { channel: 'Email', email: 'ada@example.com' });
    await handoffStatus(widget, /^Sorry, we could not open a support case just now \(our support system did not let us in\)\. Please try again in a moment\.$/);
    await widget.locator('.from-system').filter({ hasText: 'The AI assistant is here in the meantime.' }).waitFor();
    await openDeveloperDetails(widget);
    expect(await widget.locator('#handoff-facts').innerText()).toMatch(/Error\s+SalesforceAuthError at authenticate-salesforce/);
    expect(await widget.getByRole('button', { name: 'Escalate to a rep' }).isEnabled()).toBe(true);

    // A fault from the console's form on the case upsert (PATCH, a Salesforce REST path): the REST call's refusal, in the same plain words.
    await call(t.sim!, 'DELETE', '/__sim/v1/faults');
    const casesBefore = (await call(t.sim!, 'GET', '/__sim/v1/cases')).body.cases.length;
    const repConsole = await t.browser.page();
    await openConsole(repConsole, t.sim!);
    await applyStatusFault(repConsole, { method: 'PATCH', path: '/services/data/*/sobjects/Case/*/*', status: '403', times: '1' });
    await repConsole.locator('#faults li').filter({ hasText: 'PATCH /services/data/*/sobjects/Case/*/*' }).waitFor();
    await escalate(widget, { channel: 'Email', email: 'ada@example.com' });
    await handoffStatus(widget, /^Sorry, we could not open a support case just now \(our support system did not take it\)\./);
    expect(await widget.locator('#handoff-facts').innerText()).toMatch(/Error\s+EmailCaseError at open-case/);
    expect((await call(t.sim!, 'GET', '/__sim/v1/cases')).body.cases).toHaveLength(casesBefore);
  }, 40_000);
});
