import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.ts';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, openConsole } from './pages.ts';

describe('the console after the simulator restarts', () => {
  const t = useSimAndBrowser();

  it('shows "Reconnecting…" while it is down, then goes live again on its own and follows the new simulator', async () => {
    const page = await t.browser.page();
    await openConsole(page, t.sim!);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const badge = page.locator('#connection');

    const port = t.sim!.port;
    await t.sim!.stop();
    t.sim = undefined;
    await page.locator('#connection[data-state="reconnecting"]').waitFor();
    expect(await badge.innerText()).toBe('Reconnecting…');

    t.sim = await startSimulator({ port, log: () => undefined });
    await page.locator('#connection[data-state="live"]').waitFor();
    expect(await badge.innerText()).toBe('Live');

    // Same document (no reload), and it follows the new process's changes.
    const res = await fetch(`${t.sim.url}/__sim/v1/widget/handoffs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'phone', customerName: 'Sam Restart' }) });
    expect(res.status).toBe(202);
    await conversationItem(page, 'Sam Restart').filter({ hasText: 'Channel: Phone' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(t.browser.errors).toEqual([]);
  });
});
