import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSimAndBrowser } from './browser.ts';
import { escalate, handoffStatus, openDeveloperDetails, openWidget } from './pages.ts';
import type { RunningSimulator } from '../../simulator/index.ts';

/** `contentNodes` / `richContent` of the pages' lib, as the test calls them in the browser. */
type Draw = (content: unknown, options?: unknown) => Node | Node[];

/** The control API, as a rep's tooling would drive it. */
const control = async (sim: RunningSimulator, path: string, body: unknown) => {
  const res = await fetch(`${sim.url}/__sim/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as any;
};

/** A web-chat handoff from the widget, and its conversation id. */
async function webChat(widget: Page, sim: RunningSimulator, name: string): Promise<string> {
  await openWidget(widget, sim);
  await escalate(widget, { channel: 'Web chat', name });
  await handoffStatus(widget, 'continue this conversation here, in this chat');
  const { conversations } = (await (await fetch(`${sim.url}/__sim/v1/conversations`)).json()) as { conversations: any[] };
  return conversations.find((c) => c.endUserDisplayName === name).conversationId;
}

describe('the widget shows what a rep sends on web chat as a web client would', () => {
  const t = useSimAndBrowser();

  it('files as download links, a RichLink as a card, markup as text', async () => {
    const widget = await t.browser.page();
    const conversationId = await webChat(widget, t.sim!, 'Ari Files');
    const send = (message: unknown) => control(t.sim!, `/conversations/${conversationId}/messages`, { message });

    await send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', text: 'Your invoice', attachments: [{ name: 'invoice-77.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/invoice-77.pdf' }] } });
    const file = widget.locator('.from-rep a.file').filter({ hasText: 'invoice-77.pdf' });
    await file.waitFor();
    expect(await file.getAttribute('href')).toBe('https://files.example.com/invoice-77.pdf');
    expect(await file.getAttribute('download')).toBe('invoice-77.pdf');

    await send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://help.example.com/returns', titleItem: { title: 'How returns work' } } } });
    const card = widget.locator('.from-rep a.link-card').filter({ hasText: 'How returns work' });
    await card.waitFor();
    expect(await card.getAttribute('href')).toBe('https://help.example.com/returns');
    expect(await card.locator('.link-host').innerText()).toBe('help.example.com');

    await send({ messageType: 'ChoicesMessage', choices: { formatType: 'Carousel', text: 'Pick a size', optionItems: [{ titleItem: { title: 'Large', subTitle: 'Fits 30 kg' }, image: { mimeType: 'image/png', assetUrl: 'https://img.example.com/large.png', description: 'A large box' } }] } });
    const slide = widget.locator('.from-rep .carousel-card').filter({ hasText: 'Fits 30 kg' });
    await slide.getByRole('button', { name: 'Large' }).waitFor();
    expect(await slide.getByRole('img', { name: 'Large' }).getAttribute('src')).toBe('https://img.example.com/large.png');

    const markup = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    await send({ messageType: 'ChoicesMessage', choices: { formatType: 'QuickReplies', text: markup, optionItems: [{ titleItem: { title: '<i>yes</i>' } }] } });
    const bubble = widget.locator('.from-rep').filter({ hasText: '<b>bold</b>' });
    await bubble.locator('button.choice').filter({ hasText: '<i>yes</i>' }).waitFor();
    expect(await bubble.locator('img, b, i').count()).toBe(0);
    expect(await widget.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(t.browser.errors).toEqual([]);
  });

  it('shows progress and a streamed reply as they happen, the final message in its place, and no unknown event', async () => {
    const widget = await t.browser.page();
    const conversationId = await webChat(widget, t.sim!, 'Ari Streams');
    const event = (body: unknown) => control(t.sim!, `/conversations/${conversationId}/events`, { event: body });

    await event({ type: 'progress', text: 'Looking up your order' });
    await widget.locator('#progress').filter({ hasText: 'Sim Rep: Looking up your order' }).waitFor();
    expect(await widget.locator('#messages .from-system').allInnerTexts()).not.toContain('The conversation was closed.'); // a progress event is no end

    const targetMessageId = crypto.randomUUID();
    await event({ type: 'streaming-tokens', tokens: ['Your parcel ', 'ships '], targetMessageId });
    const streaming = widget.locator(`#streaming li[data-target-id="${targetMessageId}"]`);
    await streaming.filter({ hasText: 'Your parcel ships' }).waitFor();
    await event({ type: 'streaming-tokens', tokens: ['tomorrow.'], targetMessageId, firstSequenceNumber: 3 });
    await streaming.filter({ hasText: 'Your parcel ships tomorrow.' }).waitFor();

    await event({ type: 'custom', name: 'CONVERSATION_SOMETHING_NEW', data: { text: 'do not show me' } });
    const details = await openDeveloperDetails(widget);
    await details.locator('#client-log li').filter({ hasText: 'CONVERSATION_SOMETHING_NEW' }).waitFor();

    await control(t.sim!, `/conversations/${conversationId}/messages`, { message: { id: targetMessageId, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Your parcel ships tomorrow.' } } });
    await widget.locator(`.from-rep[data-entry-id="${targetMessageId}"]`).filter({ hasText: 'Your parcel ships tomorrow.' }).waitFor();
    await streaming.waitFor({ state: 'detached' });
    expect(await widget.locator('#progress').innerText()).toBe('');
    expect(await widget.locator('#messages').innerText()).not.toContain('do not show me');
    expect(t.browser.errors).toEqual([]);
  });

  /**
   * Rep-supplied text in rich messages (titles, option and field labels, file names, MIME types)
   * and URLs, drawn by the very modules the widget and the console use, in the browser: text stays
   * text, and only http(s) URLs become links or images. The client and the control API already drop
   * other URLs; a state file imported with `--import` is not checked for them, so the page is the
   * last guard.
   */
  it('draws hostile titles, labels, names and javascript:/data: URLs as inert text', async () => {
    const page = await t.browser.page();
    await openWidget(page, t.sim!);
    // A string, so the test runner leaves the page's own dynamic import alone.
    await page.evaluate("Promise.all([import('/console/lib/contentNodes.js'), import('/console/lib/richContent.js')]).then(([a, b]) => { window.draw = { contentNodes: a.contentNodes, richContent: b.richContent }; })");
    const drawn = await page.evaluate(async () => {
      const { contentNodes, richContent } = (window as unknown as { draw: { contentNodes: Draw; richContent: Draw } }).draw;
      const bad = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b>';
      const js = 'javascript:window.pwned=3';
      const option = (id: string) => ({ id, title: bad, subtitle: bad, imageUrl: 'data:image/svg+xml,<svg onload="window.pwned=4">' });
      const typed = [
        { kind: 'text', text: bad },
        { kind: 'attachments', text: bad, attachments: [{ name: bad, mimeType: bad, url: js }] },
        { kind: 'richLink', url: js, title: bad, imageUrl: js },
        { kind: 'webView', url: ' JavaScript:window.pwned=5', title: bad },
        { kind: 'choices', format: 'Carousel', text: bad, options: [option('a'), option('"><img src=x onerror=window.pwned=6>')] },
        { kind: 'choices', format: 'Buttons', text: bad, options: [option('b')] },
        { kind: 'form', title: bad, message: bad, submitLabel: bad, inputs: [{ name: bad, type: 'SingleSelect', label: bad, required: true, options: [{ id: bad, title: bad }] }, { name: 'x', type: bad, label: bad, required: false }] },
        { kind: 'unsupported', messageType: bad, formatType: bad },
      ];
      const box = document.createElement('div');
      document.body.append(box);
      for (const content of typed) box.append(...[contentNodes(content, { onChoose: () => undefined, onSubmit: async () => undefined })].flat());
      box.append(...[contentNodes({ kind: 'form', title: bad, inputs: [{ name: 'x', type: 'Text', label: bad, required: false }] }, { answer: { x: bad } })].flat());
      // The console's path: a transcript's abstractMessage.
      box.append(
        ...[
          richContent({ messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: js, titleItem: { title: bad } }, image: { assetUrl: js, description: bad } } }),
          richContent({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name: bad, mimeType: bad, url: 'data:text/html,<script>window.pwned=7</script>' }] } }),
          richContent({ messageType: 'ChoicesMessage', choices: { formatType: 'QuickReplies', text: bad, optionItems: [{ optionIdentifier: bad, titleItem: { title: bad } }] } }),
          richContent({ messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: bad }, sections: [{ inputs: [{ name: bad, inputType: 'MultiSelect', label: { title: bad }, optionItems: [{ optionIdentifier: bad, titleItem: { title: bad } }] }] }] } }),
        ].flat(),
      );
      await new Promise((resolve) => setTimeout(resolve, 100)); // an injected onerror/onload would have run by now
      return {
        urls: [...box.querySelectorAll('[href], [src]')].map((n) => n.getAttribute('href') ?? n.getAttribute('src')),
        injected: box.querySelectorAll('script, b, svg, [onerror], [onload], img:not([src^="https:"])').length,
        shownAsText: box.textContent!.split(bad).length - 1,
        pwned: (window as unknown as { pwned?: number }).pwned,
      };
    });
    expect(drawn.urls).toEqual([]);
    expect(drawn.injected).toBe(0);
    expect(drawn.shownAsText).toBeGreaterThan(15);
    expect(drawn.pwned).toBeUndefined();
    expect(t.browser.errors).toEqual([]);
  });
});
