import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { askBot, conversationItem, escalate, front, handoffStatus, openConsole, openWidget } from './pages.ts';

describe('the whole loop in two pages: widget escalates, the rep answers from the console', () => {
  const t = useSimAndBrowser();

  it('shows the conversation with its routing attributes and AI transcript, and the reply reaches the widget within 2 s', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await openWidget(widget, t.sim!);

    await askBot(widget, 'Hello, where is my order?', 'I can see your order');
    await escalate(widget, { channel: 'WhatsApp', language: 'fr', name: 'Camille Martin' });
    await handoffStatus(widget, 'Handed off on WhatsApp');

    // The console learns of it through the live feed (no reload), with the routing attributes.
    const item = conversationItem(repConsole, 'camille-martin');
    await item.filter({ hasText: 'Channel: WhatsApp' }).filter({ hasText: 'Chat_language: fr' }).waitFor();
    await front(repConsole);
    await item.click();
    const attributes = repConsole.locator('#routing-attributes');
    await attributes.filter({ hasText: 'Origin' }).waitFor();
    expect(await attributes.innerText()).toMatch(/Channel\s+WhatsApp/);
    expect(await attributes.innerText()).toMatch(/Chat_Consumer_Type\s+Authenticated/);
    const transcript = repConsole.locator('#transcript');
    await transcript.filter({ hasText: 'AI summary:' }).waitFor();
    expect(await transcript.innerText()).toContain('Customer: Hello, where is my order?');
    expect(await transcript.innerText()).toContain('Bot: I can see your order.');

    await repConsole.getByRole('button', { name: 'Accept' }).click();
    await widget.locator('.from-system').filter({ hasText: 'You (rep) joined the chat' }).waitFor();
    await repConsole.getByRole('button', { name: 'Typing' }).click();
    await widget.locator('#typing-indicator').filter({ hasText: 'You (rep) is typing…' }).waitFor();
    await repConsole.getByLabel('Reply to the customer').fill('Bonjour Camille, je regarde votre commande.');
    const sent = Date.now();
    await repConsole.getByRole('button', { name: 'Send reply' }).click();
    await widget.locator('.from-rep').filter({ hasText: 'Bonjour Camille, je regarde votre commande.' }).waitFor({ timeout: 5000 });
    expect(Date.now() - sent).toBeLessThan(2000);

    // The customer answers on the widget; the console shows it live. Then the rep ends the session.
    await front(widget);
    await widget.getByLabel('Your message').fill('Merci !');
    await widget.getByRole('button', { name: 'Send', exact: true }).click();
    await transcript.locator('.entry-customer').filter({ hasText: 'Merci !' }).waitFor();
    await front(repConsole);
    await repConsole.getByRole('button', { name: 'End session' }).click();
    await widget.locator('.from-system').filter({ hasText: 'The session ended.' }).waitFor();
    await handoffStatus(widget, 'The rep ended the session');
    expect(t.browser.errors).toEqual([]);
  });

  it('presence: going Online makes "You" a rep that new work is offered to; transfer moves it to another queue', async () => {
    await fetch(`${t.sim!.url}/__sim/v1/reset`, { method: 'POST' });
    const put = await fetch(`${t.sim!.url}/__sim/v1/routing`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queues: [{ name: 'General' }, { name: 'Billing' }], defaultQueue: 'General' }) });
    expect(put.status).toBe(200);
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await repConsole.getByLabel('You are').selectOption('Online');
    await repConsole.locator('#reps li').filter({ hasText: 'You · Online · 0/5 · General, Billing' }).waitFor();

    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Web chat', name: 'Noa Quinn' });
    const item = conversationItem(repConsole, 'noa-quinn');
    await front(repConsole);
    await item.filter({ hasText: 'offered to You' }).waitFor();
    await item.click();
    await repConsole.getByLabel('Transfer to queue').selectOption('Billing');
    await repConsole.getByRole('button', { name: 'Transfer', exact: true }).click();
    await repConsole.locator('.queue[data-queue="Billing"] .conversation-item').filter({ hasText: 'noa-quinn' }).waitFor();
    await repConsole.getByLabel('You are').selectOption('Away');
    await repConsole.locator('#reps li').filter({ hasText: 'You · Away' }).waitFor();
    expect(t.browser.errors).toEqual([]);
  });
});
