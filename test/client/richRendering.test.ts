import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rendererFor, toMessageContent, type MessagingChannel } from '../../client/index.ts';
import { defaultRenderConfig, RenderConfigSchema } from '../../client/render/renderConfig.ts';
import { RICH_MESSAGES } from '../helpers/richMessages.ts';

/**
 * #16 item 2: every message type on every channel, against golden files (test/client/golden/
 * <channel>.json, reviewed by hand; `UPDATE_GOLDEN=1` rewrites them after a deliberate change).
 */
const CHANNELS: MessagingChannel[] = ['web', 'whatsapp', 'sms', 'phone'];

describe.each(CHANNELS)('the %s renderer', (channel) => {
  it('renders every message type as its golden file says', () => {
    const render = rendererFor(channel, defaultRenderConfig());
    const seen = Object.fromEntries(Object.entries(RICH_MESSAGES).map(([name, message]) => [name, render(toMessageContent(message))]));
    const file = new URL(`./golden/${channel}.json`, import.meta.url);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, `${JSON.stringify(seen, null, 2)}\n`);
    expect(seen).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});

describe('rendering rules', () => {
  const render = (channel: MessagingChannel, name: string, config = defaultRenderConfig()) => rendererFor(channel, config)(toMessageContent(RICH_MESSAGES[name]));

  it('SMS and phone number the options on one line: 1) Order  2) Billing', () => {
    expect(render('sms', 'buttons').text).toBe('What is it about?\n1) Order  2) Billing');
    expect(render('phone', 'buttons').options?.map((o) => o.number)).toEqual([1, 2]);
  });

  it('WhatsApp: up to 3 reply buttons, then a list of up to 10, then numbered text', () => {
    expect(render('whatsapp', 'buttons').format).toBe('reply-buttons');
    expect(render('whatsapp', 'fourChoices')).toMatchObject({ format: 'list', listButton: 'Choose' });
    expect(render('whatsapp', 'elevenChoices').format).toBe('numbered');
    // Titles longer than WhatsApp's 20 (button) and 24 (row) characters are never cut: numbered text instead.
    expect(render('whatsapp', 'longTitles').format).toBe('numbered');
  });

  it('is configured per channel', () => {
    const config = RenderConfigSchema.parse({ web: { structured: false }, whatsapp: { maxReplyButtons: 1, maxListRows: 0 }, sms: { optionSeparator: ' | ' } });
    expect(render('web', 'buttons', config)).toMatchObject({ format: 'numbered', acceptsTypedAnswer: true });
    expect(render('whatsapp', 'buttons', config).format).toBe('numbered');
    expect(render('sms', 'buttons', config).text).toBe('What is it about?\n1) Order | 2) Billing');
  });

  it('a link that is not http(s) never reaches a channel', () => {
    const content = toMessageContent({ messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView', url: 'javascript:alert(1)' } });
    expect(content).toEqual({ kind: 'unsupported', messageType: 'StaticContentMessage', formatType: 'WebView' });
    const attachment = toMessageContent({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name: 'x.pdf', mimeType: 'application/pdf', url: 'data:text/html,hi' }] } });
    expect(attachment).toEqual({ kind: 'attachments', attachments: [{ name: 'x.pdf', mimeType: 'application/pdf' }] });
    expect(rendererFor('sms', defaultRenderConfig())(attachment).text).toBe('[attachment: x.pdf]');
  });
});
