import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { askBot, conversationItem, escalate, front, handoffStatus, openConsole, openDeveloperDetails, openWidget } from './pages.ts';

describe('the whole loop in two pages: widget escalates, the rep answers from the console', () => {
  const t = useSimAndBrowser();

  it('shows the conversation with its routing attributes and AI transcript, and the reply reaches the widget under the rep\'s name', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await openWidget(widget, t.sim!);

    await askBot(widget, 'Hello, where is my order?', 'I can see your order');
    await escalate(widget, { channel: 'WhatsApp', language: 'fr', name: 'Camille Martin' });
    // Where the conversation went, in words; the client's steps and ids stay in the folded developer details.
    const status = await handoffStatus(widget, /^A person from our team will continue this conversation on WhatsApp\.$/);
    const steps = widget.locator('#handoff-steps');
    expect(await steps.isVisible()).toBe(false);
    await openDeveloperDetails(widget);
    await steps.locator('li').filter({ hasText: 'subscribe: done' }).waitFor();
    expect(await steps.locator('li').count()).toBe(14);
    expect(await widget.locator('#handoff-facts').innerText()).toMatch(/Conversation ID\s+[0-9a-f]{8}-[0-9a-f-]{27}/);
    expect(await status.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|Handed off|step/i);

    // The console learns of it through the live feed (no reload), with the routing attributes.
    const item = conversationItem(repConsole, 'Camille Martin');
    await item.filter({ hasText: 'Channel: WhatsApp' }).filter({ hasText: 'Chat_language: fr' }).waitFor();
    await front(repConsole);
    await item.click();
    const attributes = repConsole.locator('#routing-attributes');
    await attributes.filter({ hasText: 'Origin' }).waitFor();
    expect(await attributes.innerText()).toMatch(/Channel\s+WhatsApp/);
    expect(await attributes.innerText()).toMatch(/Chat_Consumer_Type\s+Authenticated/);
    const transcript = repConsole.locator('#transcript');
    const turns = transcript.locator('.entry-handoff .turn');
    await turns.nth(1).waitFor();
    expect(await transcript.locator('.entry-handoff .summary').innerText()).toMatch(/^Camille Martin wrote to the AI assistant/);
    expect(await turns.allInnerTexts()).toEqual([expect.stringMatching(/Customer\s+Hello, where is my order\?$/), expect.stringMatching(/Bot\s+I can see your order\./)]);

    // The rep's own name (typed in the console) is what reaches the customer.
    await repConsole.getByLabel('Your name').fill('Dana Whitfield');
    await repConsole.getByLabel('Your name').press('Enter');
    await repConsole.getByRole('button', { name: 'Accept' }).click();
    await widget.locator('.from-system').filter({ hasText: 'Dana Whitfield joined the chat' }).waitFor();
    // Typing is a toggle, not dressed as the primary action (Send reply), pressed or not.
    const background = (name: string) => repConsole.getByRole('button', { name, exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);
    const primary = await background('Send reply');
    expect(await background('Typing')).not.toBe(primary);
    await repConsole.getByRole('button', { name: 'Typing' }).click();
    await widget.locator('#typing-indicator').filter({ hasText: 'Dana Whitfield is typing…' }).waitFor();
    expect(await repConsole.getByRole('button', { name: 'Typing' }).getAttribute('aria-pressed')).toBe('true');
    expect(await background('Typing')).not.toBe(primary);
    await repConsole.getByLabel('Reply to the customer').fill('Bonjour Camille, je regarde votre commande.');
    await repConsole.getByRole('button', { name: 'Send reply' }).click();
    const reply = widget.locator('.from-rep').filter({ hasText: 'Bonjour Camille, je regarde votre commande.' });
    await reply.waitFor();
    expect(await reply.locator('.who').innerText()).toBe('Dana Whitfield');
    expect(await widget.locator('#chat-heading').innerText()).toBe('Chat with Dana Whitfield');
    expect(await widget.locator('#messages').innerText()).not.toMatch(/\bYou\b/);

    // The customer answers on the widget; the console shows it live. Then the rep ends the session.
    await front(widget);
    await widget.getByLabel('Your message').fill('Merci !');
    await widget.getByRole('button', { name: 'Send', exact: true }).click();
    await transcript.locator('.entry-customer').filter({ hasText: 'Merci !' }).waitFor();
    await front(repConsole);
    await repConsole.getByRole('button', { name: 'End session' }).click();
    await widget.locator('.from-system').filter({ hasText: 'The chat has ended.' }).waitFor();
    await widget.locator('#chat-heading').filter({ hasText: /^Chat ended$/ }).waitFor(); // not "waiting for a rep"
    await handoffStatus(widget, 'This chat has ended. Write again if you need more help.');

    // Writing again reopens it: waiting for a rep, until one accepts.
    await front(widget);
    await widget.getByLabel('Your message').fill('Encore une question');
    await widget.getByRole('button', { name: 'Send', exact: true }).click();
    await widget.locator('#chat-heading').filter({ hasText: /^Chat waiting for a rep$/ }).waitFor();
    await front(repConsole);
    await repConsole.getByRole('button', { name: 'Accept' }).click();
    await widget.locator('#chat-heading').filter({ hasText: /^Chat with Dana Whitfield$/ }).waitFor();
    expect(t.browser.errors).toEqual([]);
  });

  it('presence: going Online makes the console\'s rep one that new work is offered to; transfer moves it to another queue', async () => {
    await fetch(`${t.sim!.url}/__sim/v1/reset`, { method: 'POST' });
    const put = await fetch(`${t.sim!.url}/__sim/v1/routing`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queues: [{ name: 'General' }, { name: 'Billing' }], defaultQueue: 'General' }) });
    expect(put.status).toBe(200);
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await repConsole.getByLabel('Your name').fill('Sam Rivera');
    await repConsole.getByLabel('Your name').press('Enter');
    await repConsole.getByLabel('You are').selectOption('Online');
    await repConsole.locator('#reps li').filter({ hasText: 'Sam Rivera (you) · Online · 0/5 · General, Billing' }).waitFor();

    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Web chat', name: 'Noa Quinn' });
    const item = conversationItem(repConsole, 'Noa Quinn');
    await front(repConsole);
    await item.filter({ hasText: 'offered to Sam Rivera' }).waitFor();
    await item.click();
    await repConsole.getByLabel('Transfer to queue').selectOption('Billing');
    await repConsole.getByRole('button', { name: 'Transfer', exact: true }).click();
    await repConsole.locator('.queue[data-queue="Billing"] .conversation-item').filter({ hasText: 'Noa Quinn' }).waitFor();
    await repConsole.getByLabel('You are').selectOption('Away');
    await repConsole.locator('#reps li').filter({ hasText: 'Sam Rivera (you) · Away' }).waitFor();
    expect(await repConsole.getByLabel('Your name').isDisabled()).toBe(true); // a signed-in rep keeps its name
    expect(t.browser.errors).toEqual([]);
  });
});
