import { describe, expect, it } from 'vitest';
import { ATTACHMENT_NAME_MAX_CHARS, MIME_TYPE_MAX_CHARS } from '../../simulator/shared/attachmentLimits.ts';
import { call, getGuestToken, recorded, show, startConversation, useSim, type ApiResponse } from '../helpers/sim.ts';
import type { RunningSimulator } from '../../simulator/index.ts';

const API = '/iamessage/api/v2';
const V1 = '/__sim/v1';

/**
 * An attachment's file name and MIME type are shown on every page and kept in every export: each has
 * a cap (255 characters: a file name as Salesforce Files keeps it; a MIME type, RFC 6838's 127 for the
 * type and for the subtype), and one past it is a 400 naming the field and the limit, wherever an
 * attachment comes in: a rep's message (control plane), an end user's upload, an end user's message.
 */
describe('attachment name and MIME type caps', () => {
  const t = useSim();
  const long = (n: number) => 'n'.repeat(n - 4) + '.pdf';
  const longType = (n: number) => `application/${'x'.repeat(n - 'application/'.length)}`;

  async function guestConversation(sim: RunningSimulator) {
    const { accessToken } = await getGuestToken(sim);
    return { token: accessToken, id: await startConversation(sim, accessToken) };
  }
  const messages = async (id: string) => (await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message');

  describe("a rep's Attachments message (POST /__sim/v1/conversations/:id/messages)", () => {
    const attachments = (name: string, mimeType: string) => ({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name, mimeType, url: 'https://files.example.com/a' }] } } });

    it('takes a name and a MIME type of exactly the limit', async () => {
      const { id } = await guestConversation(t.sim);
      const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: attachments(long(ATTACHMENT_NAME_MAX_CHARS), longType(MIME_TYPE_MAX_CHARS)) });
      expect(r.status, show(r)).toBe(201);
    });

    it.each([
      ['name', () => attachments(long(ATTACHMENT_NAME_MAX_CHARS + 1), 'application/pdf'), `message.staticContent.attachments.0.name: must be at most ${ATTACHMENT_NAME_MAX_CHARS} characters`],
      ['mimeType', () => attachments('a.pdf', longType(MIME_TYPE_MAX_CHARS + 1)), `message.staticContent.attachments.0.mimeType: must be at most ${MIME_TYPE_MAX_CHARS} characters`],
      [
        'image mimeType',
        () => ({ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com' }, image: { mimeType: longType(MIME_TYPE_MAX_CHARS + 1), assetUrl: 'https://example.com/i.png' } } } }),
        `message.staticContent.image.mimeType: must be at most ${MIME_TYPE_MAX_CHARS} characters`,
      ],
    ])('refuses an attachment %s one past the limit with a 400 naming it', async (_field, body, expected) => {
      const { id } = await guestConversation(t.sim);
      const r = await call(t.sim, 'POST', `${V1}/conversations/${id}/messages`, { body: body() });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.errorCode).toBe('INVALID_REQUEST');
      expect(r.body.message).toContain(`Invalid request body: ${expected}`);
      expect(await messages(id)).toEqual([]);
    });
  });

  describe("an end user's upload (POST /conversation/:id/file)", () => {
    async function upload(token: string, id: string, fileName: string, type: string): Promise<ApiResponse> {
      const form = new FormData();
      form.append('messageEntry', JSON.stringify({ esDeveloperName: t.sim.esDeveloperName, message: { id: crypto.randomUUID() } }));
      form.append('fileData', new Blob(['file body'], { type }), fileName);
      const res = await fetch(`${t.sim.url}${API}/conversation/${id}/file`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
    }

    it("refuses a caption longer than a message may be (--message-max-chars), as a text message's, and an over-long fileId", async () => {
      const { token, id } = await guestConversation(t.sim);
      const send = async (message: Record<string, unknown>) => {
        const form = new FormData();
        form.append('messageEntry', JSON.stringify({ esDeveloperName: t.sim.esDeveloperName, message: { id: crypto.randomUUID(), ...message } }));
        form.append('fileData', new Blob(['file body'], { type: 'text/plain' }), 'a.txt');
        const res = await fetch(`${t.sim.url}${API}/conversation/${id}/file`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        return { status: res.status, body: await res.json() };
      };
      const caption = await send({ text: 'x'.repeat(32_001) });
      expect(caption.status).toBe(400);
      expect(caption.body.message).toContain('Invalid request body: message.text: must be at most 32000 characters');
      const fileId = await send({ fileId: 'f'.repeat(256) });
      expect(fileId.status).toBe(400);
      expect(fileId.body.message).toContain('Invalid request body: message.fileId: must be at most 255 characters');
      expect(await messages(id)).toEqual([]);
      expect((await send({ text: 'x'.repeat(32_000), fileId: 'f'.repeat(255) })).status).toBe(202);
    });

    it('takes a file name and a type of exactly the limit', async () => {
      const { token, id } = await guestConversation(t.sim);
      const r = await upload(token, id, long(ATTACHMENT_NAME_MAX_CHARS), longType(MIME_TYPE_MAX_CHARS));
      expect(r.status, show(r)).toBe(202);
      const [entry] = await messages(id);
      expect(entry.entryPayload.abstractMessage.staticContent.attachments[0]).toMatchObject({ name: long(ATTACHMENT_NAME_MAX_CHARS), mimeType: longType(MIME_TYPE_MAX_CHARS) });
    });

    it.each([
      ['file name', () => [long(ATTACHMENT_NAME_MAX_CHARS + 1), 'text/plain'] as const, `fileData.filename: must be at most ${ATTACHMENT_NAME_MAX_CHARS} characters`],
      ['MIME type', () => ['a.txt', longType(MIME_TYPE_MAX_CHARS + 1)] as const, `fileData.contentType: must be at most ${MIME_TYPE_MAX_CHARS} characters`],
    ])('refuses a %s one past the limit with a 400 naming it', async (_what, parts, expected) => {
      const { token, id } = await guestConversation(t.sim);
      const [name, type] = parts();
      const r = await upload(token, id, name, type);
      expect(r.status, show(r)).toBe(400);
      expect(r.body.errorCode).toBe('INVALID_REQUEST');
      expect(r.body.message).toContain(`Invalid request body: ${expected}`);
      expect(await messages(id)).toEqual([]);
    });
  });

  describe("an end user's message that carries attachments (POST /conversation/:id/message)", () => {
    const send = (token: string, id: string, attachment: Record<string, unknown>) =>
      call(t.sim, 'POST', `${API}/conversation/${id}/message`, {
        token,
        body: { esDeveloperName: t.sim.esDeveloperName, message: { id: crypto.randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [attachment] } } },
      });

    it.each([
      ['name', { name: long(ATTACHMENT_NAME_MAX_CHARS + 1), mimeType: 'application/pdf' }, `message.staticContent.attachments.0.name: must be at most ${ATTACHMENT_NAME_MAX_CHARS} characters`],
      ['mimeType', { name: 'a.pdf', mimeType: longType(MIME_TYPE_MAX_CHARS + 1) }, `message.staticContent.attachments.0.mimeType: must be at most ${MIME_TYPE_MAX_CHARS} characters`],
    ])('refuses an attachment %s one past the limit with a 400 naming it', async (_field, attachment, expected) => {
      const { token, id } = await guestConversation(t.sim);
      const r = await send(token, id, attachment);
      expect(r.status, show(r)).toBe(400);
      expect(r.body.message).toContain(`Invalid request body: ${expected}`);
      expect(await messages(id)).toEqual([]);
    });

    it('takes them at the limit', async () => {
      const { token, id } = await guestConversation(t.sim);
      const r = await send(token, id, { name: long(ATTACHMENT_NAME_MAX_CHARS), mimeType: longType(MIME_TYPE_MAX_CHARS) });
      expect(r.status, show(r)).toBe(202);
    });
  });
});
