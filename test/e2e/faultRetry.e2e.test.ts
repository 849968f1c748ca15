import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { applyStatusFault, conversationItem, escalate, front, handoffStatus, openConsole, openDeveloperDetails, openWidget } from './pages.ts';

describe('a fault applied from the console makes the next handoff retry', () => {
  const t = useSimAndBrowser();

  it('shows the retry in the widget, the served count in the faults panel and the 503 in the journal', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openWidget(widget, t.sim!);
    await openConsole(repConsole, t.sim!);

    await applyStatusFault(repConsole, { path: '/iamessage/api/v2/conversation', status: '503', times: '1' });
    const rule = repConsole.locator('#faults .fault').filter({ hasText: 'POST /iamessage/api/v2/conversation' });
    await rule.filter({ hasText: 'answer 503' }).filter({ hasText: '1 left' }).waitFor();
    const ruleId = await rule.getAttribute('data-rule-id');

    await escalate(widget, { channel: 'SMS', name: 'Robin Lee' });
    await openDeveloperDetails(widget);
    await widget.locator('#handoff-steps li.retrying').filter({ hasText: 'create-conversation: retrying (attempt 1)' }).waitFor();
    await handoffStatus(widget, 'continue this conversation by text message (SMS)');

    await front(repConsole);
    await rule.filter({ hasText: 'served 1' }).filter({ hasText: '0 left' }).waitFor();
    await conversationItem(repConsole, 'Robin Lee').click();
    const journal = repConsole.locator('#journal tbody');
    const faulted = journal.locator('tr.faulted');
    await faulted.filter({ hasText: 'POST /iamessage/api/v2/conversation' }).filter({ hasText: '503' }).waitFor();
    expect(await faulted.innerText()).toContain(ruleId);
    await journal.locator('tr:not(.faulted)').filter({ hasText: 'POST /iamessage/api/v2/conversation' }).filter({ hasText: '201' }).first().waitFor();

    await repConsole.getByRole('button', { name: `Remove fault ${ruleId}` }).click();
    await repConsole.locator('#faults').filter({ hasText: 'No faults' }).waitFor();
    expect(t.browser.errors).toEqual([]);
  });

  it('a handoff that fails tells the customer so in words, and keeps the client\'s error for developers', async () => {
    const rule = await fetch(`${t.sim!.url}/__sim/v1/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { path: '/iamessage/api/v2/authorization/authenticated/access-token' }, action: { type: 'status', status: 404 }, times: 1 }),
    });
    expect(rule.status).toBe(201);
    const widget = await t.browser.page();
    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Phone', name: 'Robin Lee' });
    const status = await handoffStatus(widget, 'Sorry, we could not reach a person just now. Please try again.');
    await widget.locator('.from-system').filter({ hasText: 'Sorry, we could not reach a person just now.' }).waitFor();
    expect(await widget.locator('#chat-heading').innerText()).toBe('Chat with the AI assistant');
    expect(await status.innerText()).not.toMatch(/TokenExchangeError|HTTP|miaw/);
    const details = await openDeveloperDetails(widget);
    expect(await details.locator('#handoff-facts').innerText()).toMatch(/Error\s+TokenExchangeError at exchange-token: .*HTTP 404/);
    expect(await widget.getByRole('button', { name: 'Escalate to a rep' }).isEnabled()).toBe(true);
    expect((await fetch(`${t.sim!.url}/__sim/v1/faults`, { method: 'DELETE' })).ok).toBe(true);
    expect(t.browser.errors).toEqual([]);
  });

  it('applies a seeded probabilistic fault, and shows the API\'s reason when a seed comes without a probability', async () => {
    const repConsole = await t.browser.page();
    await openConsole(repConsole, t.sim!);
    await repConsole.getByLabel(/^Seed/).fill('42');
    await applyStatusFault(repConsole, { path: '/iamessage/api/v2/conversation/*/message', status: '503', times: '' });
    await repConsole.getByRole('alert').filter({ hasText: 'seed: is only used with "probability"' }).waitFor();
    expect(await (await fetch(`${t.sim!.url}/__sim/v1/faults`)).json()).toMatchObject({ rules: [] });

    await repConsole.getByLabel(/^Probability/).fill('0.25');
    await repConsole.getByRole('button', { name: 'Apply fault' }).click();
    await repConsole.locator('#faults .fault').filter({ hasText: 'answer 503 · probability 0.25 (seed 42)' }).filter({ hasText: 'no limit' }).waitFor();
    const { rules } = (await (await fetch(`${t.sim!.url}/__sim/v1/faults`)).json()) as { rules: any[] };
    expect(rules).toMatchObject([{ match: { method: 'POST', path: '/iamessage/api/v2/conversation/*/message' }, action: { type: 'status', status: 503 }, probability: 0.25, seed: 42 }]);
  });
});
