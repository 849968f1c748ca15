import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, escalate, front, handoffStatus, openConsole, openWidget } from './pages.ts';

/** The console's "Send a file, link, choices or form" form, filled and sent. */
async function sendRich(repConsole: Page, fields: { what: string; text?: string; options?: string; url?: string; name?: string; formMessage?: string; formFields?: string }): Promise<void> {
  await front(repConsole);
  const details = repConsole.locator('#rich');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await repConsole.getByLabel('What', { exact: true }).selectOption({ label: fields.what });
  await repConsole.getByLabel(/^Text \(the question/).fill(fields.text ?? '');
  if (fields.options !== undefined) await repConsole.getByLabel('Options, one per line').fill(fields.options);
  if (fields.url !== undefined) await repConsole.getByLabel(/^URL/).fill(fields.url);
  if (fields.name !== undefined) await repConsole.getByLabel(/^Name \(the file/).fill(fields.name);
  if (fields.formMessage !== undefined) await repConsole.getByLabel('Message shown with the form').fill(fields.formMessage);
  if (fields.formFields !== undefined) await repConsole.getByLabel(/^Form fields/).fill(fields.formFields);
  await repConsole.getByRole('button', { name: 'Send to the customer' }).click();
}

/** Widget escalates on web chat; the console opens that conversation and accepts it. */
async function webChatAccepted(widget: Page, repConsole: Page, sim: NonNullable<ReturnType<typeof useSimAndBrowser>['sim']>, name: string): Promise<void> {
  await openConsole(repConsole, sim);
  await openWidget(widget, sim);
  await escalate(widget, { channel: 'Web chat', name });
  await handoffStatus(widget, 'continue this conversation here, in this chat');
  await front(repConsole);
  await conversationItem(repConsole, name).click();
  await repConsole.getByRole('button', { name: 'Accept' }).click();
  await widget.locator('.from-system').filter({ hasText: 'joined the chat' }).waitFor();
}

describe('rich messages between the console and the widget', () => {
  const t = useSimAndBrowser();

  it('the rep offers buttons, the customer clicks one, and the console shows the answer and the read receipt', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await webChatAccepted(widget, repConsole, t.sim!, 'Noor Patel');

    await sendRich(repConsole, { what: 'Buttons', text: 'What is it about?', options: 'Order\nBilling\nSomething else' });
    const question = repConsole.locator('#transcript .entry-rep').filter({ hasText: 'What is it about?' });
    await question.locator('.receipt').filter({ hasText: /^Delivered \d\d:\d\d:\d\d/ }).waitFor();

    await front(widget);
    const offered = widget.locator('.from-rep').filter({ hasText: 'What is it about?' });
    await offered.getByRole('button', { name: 'Billing' }).click();
    await widget.locator('.from-customer').filter({ hasText: 'Billing' }).waitFor();
    await offered.getByRole('button', { name: 'Billing' }).and(widget.locator('[aria-pressed="true"]')).waitFor();
    expect(await offered.getByRole('button', { name: 'Order' }).isDisabled()).toBe(true);

    await front(repConsole);
    await repConsole.locator('#transcript .entry-customer').filter({ hasText: 'Answered “What is it about?”: Billing' }).waitFor();
    await question.locator('.answer').filter({ hasText: 'Customer answered: Billing' }).waitFor();
    expect(await question.locator('button.choice[aria-pressed="true"]').allInnerTexts()).toEqual(['Billing']);
    await question.locator('.receipt[data-state="read"]').filter({ hasText: /Delivered \d\d:\d\d:\d\d · Read \d\d:\d\d:\d\d/ }).waitFor();
    expect(t.browser.errors).toEqual([]);
  });

  it('sends a file, a link and a form from the console; a refused one names its field', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await webChatAccepted(widget, repConsole, t.sim!, 'Kit Rahman');

    await sendRich(repConsole, { what: 'File', text: 'Your label', url: 'https://files.example.com/return-label.pdf' });
    await sendRich(repConsole, { what: 'Link', url: 'https://help.example.com/returns', name: 'How returns work' });
    await sendRich(repConsole, { what: 'Form', text: 'Return details', formMessage: 'Tell us what went wrong' });
    const transcript = repConsole.locator('#transcript');
    await transcript.locator('.entry-rep a.file').filter({ hasText: 'return-label.pdf' }).waitFor();
    await transcript.locator('.entry-rep a.link-card').filter({ hasText: 'How returns work' }).waitFor();
    await transcript.locator('.entry-rep .form-card').filter({ hasText: 'Return details' }).waitFor();

    await front(widget);
    expect(await widget.locator('.from-rep a.file').filter({ hasText: 'return-label.pdf' }).getAttribute('href')).toBe('https://files.example.com/return-label.pdf');
    await widget.locator('.from-rep a.link-card').filter({ hasText: 'How returns work' }).waitFor();
    await widget.locator('.from-rep .form-card').filter({ hasText: 'Tell us what went wrong' }).waitFor();

    await sendRich(repConsole, { what: 'Link', url: 'ftp://files.example.com/x' });
    await repConsole.getByRole('alert').filter({ hasText: 'url: must be an http(s) URL' }).waitFor();
    expect(t.browser.errors).toEqual([]);
  });

  // Two pages and a dozen steps: a minute, as a loaded machine may need (no timed assertion).
  it('the rep sends a form with fields; the customer is told what is missing, fills it in, and the console shows the answers', { timeout: 60_000 }, async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await webChatAccepted(widget, repConsole, t.sim!, 'Ines Form');

    await sendRich(repConsole, { what: 'Form', text: 'Your details', formFields: 'Email address*: Email\nTopic: SingleSelect = Order | Billing\nAlso about: MultiSelect = Returns | Gift wrap' });
    const question = repConsole.locator('#transcript .entry-rep').filter({ hasText: 'Your details' });
    await question.locator('.form-card li').filter({ hasText: 'Email address: Email, required' }).waitFor();

    await front(widget);
    const form = widget.getByRole('form', { name: 'Your details' });
    await form.getByRole('button', { name: 'Submit' }).click();
    await form.getByRole('alert').filter({ hasText: 'Email address is required.' }).waitFor();
    await form.getByLabel('Email address').fill('not-an-address');
    await form.getByRole('button', { name: 'Submit' }).click();
    await form.getByRole('alert').filter({ hasText: 'Email address is not a valid email.' }).waitFor();
    await form.getByLabel('Email address').fill('ines@example.com');
    await form.getByLabel('Topic').selectOption({ label: 'Billing' });
    await form.getByLabel('Gift wrap').check();
    await form.getByRole('button', { name: 'Submit' }).click();
    await widget.locator('.from-customer').filter({ hasText: 'Sent the form.' }).waitFor();
    await widget.locator('.from-rep .form-card').filter({ hasText: 'Sent.' }).locator('.form-answer').filter({ hasText: 'ines@example.com' }).waitFor();
    expect(await widget.getByRole('form', { name: 'Your details' }).count()).toBe(0);

    await front(repConsole);
    const answer = 'Email address: ines@example.com; Topic: Billing; Also about: Gift wrap';
    await repConsole.locator('#transcript .entry-customer').filter({ hasText: `Answered “Your details”: ${answer}` }).waitFor();
    await question.locator('.answer').filter({ hasText: `Customer answered: ${answer}` }).waitFor();
    const { conversations } = (await (await fetch(`${t.sim!.url}/__sim/v1/conversations`)).json()) as { conversations: any[] };
    const id = conversations.find((c) => c.endUserDisplayName === 'Ines Form').conversationId;
    const recorded = (await (await fetch(`${t.sim!.url}/__sim/v1/conversations/${id}`)).json()) as { entries: any[] };
    expect(recorded.entries.filter((e) => e.entryPayload?.abstractMessage?.messageType === 'FormResponseMessage')).toHaveLength(1);
    expect(t.browser.errors).toEqual([]);
  });

  it('a deployment that routes to a bot first: the bot greets with a badge, then a person takes over', async () => {
    const api = (method: string, path: string, body: unknown) => fetch(`${t.sim!.url}/__sim/v1${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await api('PUT', '/routing', { queues: [{ name: 'Bot' }, { name: 'Humans' }], defaultQueue: 'Bot' })).ok).toBe(true);
    expect((await api('POST', '/reps', { name: 'Agentforce', bot: true, queues: ['Bot'], script: [{ say: 'Hi, I am the virtual assistant.' }, { transfer: 'Humans' }] })).status).toBe(201);
    expect((await api('POST', '/reps', { name: 'Bea', queues: ['Humans'], script: [{ accept: true }, { say: 'Hi, Bea here.' }] })).status).toBe(201);

    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Web chat', name: 'Lee Bot' });
    const greeting = widget.locator('.from-sfbot').filter({ hasText: 'Hi, I am the virtual assistant.' });
    await greeting.locator('.bot-badge').waitFor();
    await widget.locator('.from-system').filter({ hasText: 'Agentforce (bot) left the chat' }).waitFor();
    await widget.locator('.from-system').filter({ hasText: 'You are now talking to a person: Bea joined the chat' }).waitFor();
    await widget.locator('.from-rep').filter({ hasText: 'Hi, Bea here.' }).waitFor();
    expect(await widget.locator('#chat-heading').innerText()).toBe('Chat with Bea');

    await openConsole(repConsole, t.sim!);
    await repConsole.locator('#reps li').filter({ hasText: 'Agentforce' }).locator('.bot-badge').waitFor();
    await conversationItem(repConsole, 'Lee Bot').click();
    await repConsole.locator('#transcript .entry-rep').filter({ hasText: 'Hi, I am the virtual assistant.' }).locator('.bot-badge').waitFor();
    expect(await repConsole.locator('#transcript .entry-rep').filter({ hasText: 'Hi, Bea here.' }).locator('.bot-badge').count()).toBe(0);
    expect(t.browser.errors).toEqual([]);
  });
});
