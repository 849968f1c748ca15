/**
 * `npm run screenshots`: drive the widget and the console through one handoff and save
 * docs/screenshots/console.png and widget.png (shown in the README). Needs /usr/bin/chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../simulator/index.ts';
import { launchBrowser } from './browser.ts';
import { askBot, conversationItem, escalate, front, handoffStatus, openConsole, openWidget } from './pages.ts';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const sim = await startSimulator({ log: () => undefined });
const browser = await launchBrowser({ width: 1360, height: 900 });
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/__sim/v1${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

try {
  await api('PUT', '/routing', {
    queues: [{ name: 'General' }, { name: 'French' }, { name: 'Priority' }],
    rules: [{ attribute: 'Chat_language', equals: 'fr', queue: 'French' }],
    defaultQueue: 'General',
  });
  await api('POST', '/widget/handoffs', { channel: 'sms', customerName: 'Jordan Lee', summary: 'Jordan asks about a refund.', history: [{ speaker: 'customer', text: 'I want a refund' }] });
  await api('POST', '/faults', { match: { method: 'POST', path: '/iamessage/api/v2/conversation/*/message' }, action: { type: 'status', status: 503, retryAfterSeconds: 1 }, times: 2 });

  const [widget, repConsole] = [await browser.page(), await browser.page()];
  await openConsole(repConsole, sim);
  await repConsole.getByLabel('You are').selectOption('Online');
  await openWidget(widget, sim);
  await askBot(widget, 'Hello, where is my order?', 'I can see your order');
  await askBot(widget, 'Can I change the delivery address?', 'Delivery addresses can be changed');
  await escalate(widget, { channel: 'Web chat', language: 'fr', name: 'Camille Martin' });
  await handoffStatus(widget, 'continue this conversation here, in this chat');

  await front(repConsole);
  await conversationItem(repConsole, 'Camille Martin').click();
  await repConsole.locator('#transcript .entry-handoff .turn').nth(3).waitFor();
  await repConsole.getByRole('button', { name: 'Accept' }).click();
  await repConsole.getByLabel('Reply to the customer').fill('Bonjour Camille, I am on it: the parcel has not shipped yet, so I can change the address.');
  await repConsole.getByRole('button', { name: 'Send reply' }).click();
  await widget.locator('.from-rep').filter({ hasText: 'Bonjour Camille' }).waitFor();
  // A question with buttons, answered in the widget; then a link card.
  await repConsole.locator('#rich summary').click();
  await repConsole.getByLabel('What', { exact: true }).selectOption({ label: 'Buttons' });
  await repConsole.getByLabel(/^Text \(the question/).fill('Where should it go?');
  await repConsole.getByLabel('Options, one per line').fill('My new home address\nA pickup point');
  await repConsole.getByRole('button', { name: 'Send to the customer' }).click();
  await front(widget);
  await widget.locator('.from-rep').filter({ hasText: 'Where should it go?' }).getByRole('button', { name: 'A pickup point' }).click();
  await front(repConsole);
  await repConsole.locator('#transcript .answer').filter({ hasText: 'A pickup point' }).waitFor();
  await repConsole.getByLabel('What', { exact: true }).selectOption({ label: 'Link' });
  await repConsole.getByLabel(/^URL/).fill('https://help.example.com/pickup-points');
  await repConsole.getByLabel(/^Name \(the file/).fill('Find a pickup point near you');
  await repConsole.getByRole('button', { name: 'Send to the customer' }).click();
  await widget.locator('.from-rep .link-card').waitFor();
  await front(widget);
  await front(repConsole);
  await repConsole.locator('#transcript .receipt[data-state="read"]').nth(2).waitFor();
  await repConsole.getByRole('button', { name: 'Typing' }).click();
  await widget.locator('#typing-indicator').filter({ hasText: 'typing' }).waitFor();

  mkdirSync(OUT, { recursive: true });
  await front(repConsole);
  await repConsole.locator('#journal tbody tr').first().waitFor();
  await repConsole.screenshot({ path: join(OUT, 'console.png'), fullPage: true });
  await front(widget);
  await widget.screenshot({ path: join(OUT, 'widget.png') });
  console.log(`[miaw-sim] Screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await sim.stop();
}
