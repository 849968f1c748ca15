import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { importState } from '../../simulator/server/stateFile.ts';
import { call, getGuestToken, show, startConversation } from '../helpers/sim.ts';

const V1 = '/__sim/v1';

/**
 * A state file is read back by `--import`, `startSimulator({ state })` and the `--persist` restore
 * (all through `importState`): a link in it must be http(s), as it had to be when the rep sent it,
 * or a hand-edited file would carry a `javascript:` or `data:` URL past every check into the pages.
 */
describe('state import: the links of messages are http(s) URLs', () => {
  let sim: RunningSimulator;
  let state: any;

  beforeAll(async () => {
    sim = await startSimulator({ log: () => undefined });
    const guest = await getGuestToken(sim);
    const id = await startConversation(sim, guest.accessToken);
    const send = async (message: unknown) => {
      const r = await call(sim, 'POST', `${V1}/conversations/${id}/messages`, { body: { message } });
      expect(r.status, show(r)).toBe(201);
    };
    await send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/a.pdf' }] } });
    await send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com/help', titleItem: { title: 'Help' } }, image: { mimeType: 'image/png', assetUrl: 'https://example.com/i.png' } } });
    await send({ messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView', url: 'https://example.com/view' } });
    state = (await call(sim, 'GET', `${V1}/state`)).body;
  });
  afterAll(async () => {
    await sim?.stop();
  });

  /** The index of the entry whose message is of this format, and its staticContent. */
  const staticContent = (s: any, format: string): [number, any] => {
    const entries: any[] = s.conversations[0].entries;
    const i = entries.findIndex((e) => e.payload?.abstractMessage?.staticContent?.formatType === format);
    expect(i, format).toBeGreaterThanOrEqual(0);
    return [i, entries[i].payload.abstractMessage.staticContent];
  };

  it('takes the export as written (its links are http(s))', () => {
    expect(() => importState(structuredClone(state), 'state.json')).not.toThrow();
  });

  const bad = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', '/relative/path', 'JAVASCRIPT:alert(1)'];
  const links: Array<[string, string, (content: any, url: string) => void, string]> = [
    ['an attachment url', 'Attachments', (c, url) => (c.attachments[0].url = url), 'attachments.0.url'],
    ['a RichLink url', 'RichLink', (c, url) => (c.linkItem.url = url), 'linkItem.url'],
    ['a RichLink image url', 'RichLink', (c, url) => (c.image.assetUrl = url), 'image.assetUrl'],
    ['a WebView url', 'WebView', (c, url) => (c.url = url), 'url'],
  ];

  for (const [what, format, set, field] of links) {
    it.each(bad)(`refuses ${what} of %s, naming the field`, (url) => {
      const mutated = structuredClone(state);
      const [i, content] = staticContent(mutated, format);
      set(content, url);
      expect(() => importState(mutated, 'state.json')).toThrow(`[miaw-sim] Cannot import state.json: conversations.0.entries.${i}.payload.abstractMessage.staticContent.${field}: must be an http(s) URL`);
    });
  }

  it('refuses it from startSimulator({ state }) too, before anything starts', async () => {
    const mutated = structuredClone(state);
    staticContent(mutated, 'Attachments')[1].attachments[0].url = 'javascript:alert(1)';
    const started = startSimulator({ log: () => undefined, state: mutated });
    await started.then((s) => s.stop(), () => undefined);
    await expect(started).rejects.toThrow(/attachments\.0\.url: must be an http\(s\) URL/);
  });
});

/**
 * What an end user's message stores must import again: its attachments shaped as the export reads
 * them back and its links http(s), or one message would make every later export (and the
 * `--persist` restore) fail.
 */
describe("an end user's message carries only what a state import takes back", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ log: () => undefined });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  const send = async (staticContent: Record<string, unknown>) => {
    const guest = await getGuestToken(sim);
    const id = await startConversation(sim, guest.accessToken);
    const message = { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent };
    return call(sim, 'POST', `/iamessage/api/v2/conversation/${id}/message`, { token: guest.accessToken, body: { esDeveloperName: sim.esDeveloperName, message } });
  };

  it.each([
    ['an attachment url that is not http(s)', { formatType: 'Attachments', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf', url: 'javascript:alert(1)' }] }, 'message.staticContent.attachments.0.url: must be an http(s) URL'],
    ['an attachment without a name', { formatType: 'Attachments', attachments: [{ mimeType: 'application/pdf' }] }, 'message.staticContent.attachments.0.name: is required: the file name'],
    ['an attachment without a type', { formatType: 'Attachments', attachments: [{ name: 'a.pdf' }] }, 'message.staticContent.attachments.0.mimeType: is required: the MIME type'],
    ['attachments that are not an array', { formatType: 'Attachments', attachments: 'a.pdf' }, 'message.staticContent.attachments: must be an array of attachments'],
    ['a RichLink url that is not http(s)', { formatType: 'RichLink', linkItem: { url: 'data:text/html,x' } }, 'message.staticContent.linkItem.url: must be an http(s) URL'],
    ['an image url that is not http(s)', { formatType: 'RichLink', image: { assetUrl: 'javascript:x' } }, 'message.staticContent.image.assetUrl: must be an http(s) URL'],
    ['a WebView url that is not http(s)', { formatType: 'WebView', url: 'vbscript:x' }, 'message.staticContent.url: must be an http(s) URL'],
  ])('refuses %s with a 400 naming the field', async (_name, staticContent, expected) => {
    const r = await send(staticContent);
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(`Invalid request body: ${expected}`);
  });

  it('takes attachments with http(s) links, and the export with them imports again', async () => {
    const r = await send({ formatType: 'Attachments', text: 'see', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/a.pdf', extra: 1 }] });
    expect(r.status, show(r)).toBe(202);
    const state = (await call(sim, 'GET', `${V1}/state`)).body;
    const imported = importState(state, 'state.json');
    const attachments = imported.conversations.flatMap((c) => c.entries).flatMap((e) => (e.entryType === 'Message' ? (e.message.staticContent?.attachments ?? []) : []));
    expect(attachments).toEqual([{ id: expect.any(String), name: 'a.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/a.pdf', extra: 1 }]);
  });
});
