import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, escalate, front, handoffStatus, openConsole, openWidget } from './pages.ts';

describe('a form from the console, filled in on the widget', () => {
  const t = useSimAndBrowser();

  it('the rep sends a form with fields; the customer is told what is missing, fills it in, and the console shows the answers', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await openWidget(widget, t.sim!);
    await escalate(widget, { channel: 'Web chat', name: 'Ines Form' });
    await handoffStatus(widget, 'continue this conversation here, in this chat');
    await front(repConsole);
    await conversationItem(repConsole, 'Ines Form').click();
    await repConsole.getByRole('button', { name: 'Accept' }).click();

    const details = repConsole.locator('#rich');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await repConsole.getByLabel('What', { exact: true }).selectOption({ label: 'Form' });
    await repConsole.getByLabel(/^Text \(the question/).fill('Your details');
    await repConsole.getByLabel(/^Form fields/).fill('Email address*: Email\nTopic: SingleSelect = Order | Billing\nAlso about: MultiSelect = Returns | Gift wrap');
    await repConsole.getByRole('button', { name: 'Send to the customer' }).click();
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
    const sent = widget.locator('.from-rep .form-card').filter({ hasText: 'Sent.' });
    await sent.locator('.form-answer').filter({ hasText: 'ines@example.com' }).waitFor();
    expect(await widget.getByRole('form', { name: 'Your details' }).count()).toBe(0);

    await front(repConsole);
    const answer = 'Email address: ines@example.com; Topic: Billing; Also about: Gift wrap';
    await repConsole.locator('#transcript .entry-customer').filter({ hasText: `Answered “Your details”: ${answer}` }).waitFor();
    await question.locator('.answer').filter({ hasText: `Customer answered: ${answer}` }).waitFor();
    const entries = (await (await fetch(`${t.sim!.url}/__sim/v1/conversations`)).json()) as { conversations: any[] };
    const id = entries.conversations.find((c) => c.endUserDisplayName === 'Ines Form').conversationId;
    const recorded = (await (await fetch(`${t.sim!.url}/__sim/v1/conversations/${id}`)).json()) as { entries: any[] };
    expect(recorded.entries.filter((e) => e.entryPayload?.abstractMessage?.messageType === 'FormResponseMessage')).toHaveLength(1);
    expect(t.browser.errors).toEqual([]);
  });
});
