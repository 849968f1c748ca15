
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { useSimAndBrowser } from './browser.ts';
import { conversationItem, escalate, front, handoffStatus, openConsole, openWidget } from './pages.ts';
import { tempDir } from '../helpers/tempDir.ts';

describe("the console's Save as scenario", () => {
  const t = useSimAndBrowser();

  it('says there is nothing to save before a handoff, then downloads a session that replays green', async () => {
    const [widget, repConsole] = [await t.browser.page(), await t.browser.page()];
    await openConsole(repConsole, t.sim!);
    await openWidget(widget, t.sim!);
    const save = repConsole.getByRole('button', { name: 'Save as scenario' });

    await save.click();
    await repConsole.locator('#error').filter({ hasText: 'Nothing to save after journal position 0' }).waitFor();

    await escalate(widget, { channel: 'SMS', name: 'Robin Lee' });
    await handoffStatus(widget, 'continue this conversation by text message (SMS)');
    await front(repConsole);
    await repConsole.getByLabel('Your name').fill('Dana Whitfield');
    await repConsole.getByLabel('Your name').press('Enter');
    await conversationItem(repConsole, 'Robin Lee').click();
    await repConsole.getByRole('button', { name: 'Accept' }).click();
    await repConsole.getByLabel('Reply to the customer').fill('Hello Robin, I am on it.');
    await repConsole.getByRole('button', { name: 'Send reply' }).click();
    await widget.locator('.from-rep').filter({ hasText: 'Hello Robin, I am on it.' }).waitFor();
    await front(widget);
    await widget.getByLabel('Your message').fill('Thank you!');
    await widget.getByRole('button', { name: 'Send', exact: true }).click();
    await repConsole.locator('#transcript .entry-customer').filter({ hasText: 'Thank you!' }).waitFor();

    await front(repConsole);
    const [download] = await Promise.all([repConsole.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toMatch(/^saved-session-\d{8}-\d{6}\.json$/);
    const file = join(tempDir('console-save'), download.suggestedFilename());
    await download.saveAs(file);

    const scenario = loadScenarioFile(file);
    expect(scenario.expect.recorded).toMatchObject({ repMessages: ['Hello Robin, I am on it.'], endUserMessages: [{ matches: '^AI summary:' }, 'Thank you!'] });
    const [result] = await runScenarios([scenario]);
    expect(passed(result!), failureReport(result!)).toBe(true);
    expect(t.browser.errors).toEqual([]);
  }, 60_000); // a browser session, then a replay on a fresh simulator
});
