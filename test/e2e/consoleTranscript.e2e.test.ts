import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, front, openConsole } from './pages.ts';

/** Whether `inner` lies within the visible part of the scrolling `box`. */
async function inView(box: Locator, inner: Locator): Promise<boolean> {
  const [outer, el] = await Promise.all([box.boundingBox(), inner.boundingBox()]);
  return Boolean(outer && el && el.y >= outer.y - 1 && el.y + el.height <= outer.y + outer.height + 1);
}

describe('the console shows the handoff transcript so a rep can read it', () => {
  const t = useSimAndBrowser();

  it('the AI summary, then the bot conversation turn by turn, opened at its first line; later entries scroll into view', async () => {
    const history = Array.from({ length: 30 }, (_, i) => ({ speaker: i % 2 ? 'bot' : 'customer', text: i % 2 ? `Answer number ${i} from the assistant.` : `Question number ${i} from the customer?` }));
    const res = await fetch(`${t.sim!.url}/__sim/v1/widget/handoffs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'web', customerName: 'Ines Laurent', summary: 'Ines asked fifteen questions and wants a person.', history }),
    });
    expect(res.status).toBe(202);

    const repConsole = await t.browser.page();
    await openConsole(repConsole, t.sim!);
    await conversationItem(repConsole, 'Ines Laurent').click();
    const transcript = repConsole.locator('#transcript');
    const handoff = transcript.locator('.entry-handoff');
    await handoff.locator('.turn').nth(29).waitFor();

    expect(await handoff.locator('.summary').innerText()).toBe('Ines asked fifteen questions and wants a person.');
    const turns = await handoff.locator('.turn').evaluateAll((rows) => rows.map((r) => [r.querySelector('.turn-who')?.textContent, r.querySelector('.turn-text')?.textContent]));
    expect(turns).toEqual(history.map((h) => [h.speaker === 'bot' ? 'Bot' : 'Customer', h.text]));
    expect(await handoff.locator('.who').innerText()).toBe('Handoff from the AI assistant');
    expect(await handoff.locator('.sent-as').innerText()).toBe('Sent as Ines Laurent (customer).');

    // Taller than the box, it opens at its start: the summary heading is in view, the last turn is not.
    expect((await handoff.boundingBox())!.height).toBeGreaterThan((await transcript.boundingBox())!.height);
    expect(await inView(transcript, handoff.locator('h4').first())).toBe(true);
    expect(await inView(transcript, handoff.locator('.turn').last())).toBe(false);

    // What comes later is brought into view.
    await front(repConsole);
    await repConsole.getByRole('button', { name: 'Accept' }).click();
    await repConsole.getByLabel('Reply to the customer').fill('Hello Ines, I have read the summary.');
    await repConsole.getByRole('button', { name: 'Send reply' }).click();
    const reply = transcript.locator('.entry-rep').filter({ hasText: 'Hello Ines, I have read the summary.' });
    await reply.waitFor();
    expect(await inView(transcript, reply)).toBe(true);
    expect(t.browser.errors).toEqual([]);
  });
});
