import type { Locator, Page } from 'playwright-core';
import type { RunningSimulator } from '../../simulator/index.ts';

/** Page objects: what a person does on the widget and the console, in their words. */

/**
 * Bring a tab to the front before acting on it: headless Chromium does not paint background tabs,
 * and Playwright's clicks wait for paint (the live feed and fetches run in background tabs all the same).
 */
export async function front(page: Page): Promise<Page> {
  await page.bringToFront();
  return page;
}

export async function openWidget(page: Page, sim: RunningSimulator): Promise<void> {
  await page.goto(`${sim.url}/widget/`);
  await page.locator('#connection[data-state="live"]').waitFor();
}

export async function openConsole(page: Page, sim: RunningSimulator): Promise<void> {
  await page.goto(`${sim.url}/console/`);
  await page.locator('#connection[data-state="live"]').waitFor();
}

/** The customer writes to the bot and waits for its canned answer. */
export async function askBot(widget: Page, text: string, answer: string | RegExp): Promise<void> {
  await front(widget);
  await widget.getByLabel('Your message').fill(text);
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  await widget.locator('.from-bot').filter({ hasText: answer }).waitFor();
}

export async function escalate(widget: Page, options: { channel: 'Web chat' | 'WhatsApp' | 'SMS' | 'Phone' | 'Email'; language?: string; name?: string; email?: string }): Promise<void> {
  await front(widget);
  await widget.getByLabel(options.channel, { exact: true }).check();
  if (options.language) await widget.getByLabel('Language').selectOption(options.language);
  if (options.name) await widget.getByLabel('Your name').fill(options.name);
  if (options.email !== undefined) await widget.getByLabel(/^Your email/).fill(options.email);
  await widget.getByRole('button', { name: 'Escalate to a rep' }).click();
}

/** The widget's handoff status line, once it says `text`. */
export async function handoffStatus(widget: Page, text: string | RegExp): Promise<Locator> {
  const status = widget.locator('#handoff-status').filter({ hasText: text });
  await status.waitFor();
  return status;
}

/** Unfold the widget's developer details (the handoff client's steps, the conversation id). */
export async function openDeveloperDetails(widget: Page): Promise<Locator> {
  await front(widget);
  const details = widget.locator('#developer');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details;
}

/** A conversation in the console's queue column, found by what it shows (customer, tags). */
export function conversationItem(repConsole: Page, text: string | RegExp): Locator {
  return repConsole.locator('.conversation-item').filter({ hasText: text });
}

/** The console's fault form: a status fault on `method` (default POST) <path>, served `times` times. */
export async function applyStatusFault(repConsole: Page, options: { method?: string; path: string; status: string; times: string }): Promise<void> {
  await front(repConsole);
  await repConsole.getByLabel('Method', { exact: true }).selectOption(options.method ?? 'POST');
  await repConsole.getByLabel(/^Path/).fill(options.path);
  await repConsole.getByLabel('Action', { exact: true }).selectOption('status');
  await repConsole.getByLabel('Status', { exact: true }).selectOption(options.status);
  await repConsole.getByLabel(/^Times/).fill(options.times);
  await repConsole.getByRole('button', { name: 'Apply fault' }).click();
}
