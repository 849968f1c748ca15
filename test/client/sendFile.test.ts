import { describe, expect, it } from 'vitest';
import { createHandoffClient, HandoffConfigError, parseHandoffConfig, SendMessageError } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink, recordingSleep } from '../helpers/handoff.ts';

const FILE_PATH = '/iamessage/api/v2/conversation/*/file';

describe('handoff.sendFile against the simulator', () => {
  const t = useSim({ fileMaxBytes: 64 * 1024 });

  const start = async (overrides: Record<string, unknown> = {}) => {
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, overrides), { sleep, random: () => 0.5 });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    return { handoff, delays };
  };
  const attachments = async (conversationId: string) =>
    (await recorded(t.sim, conversationId)).entries
      .filter((e: any) => e.entryPayload?.abstractMessage?.staticContent?.formatType === 'Attachments')
      .map((e: any) => ({ id: e.identifier ?? e.entryPayload.abstractMessage.id, text: e.entryPayload.abstractMessage.staticContent.text, attachments: e.entryPayload.abstractMessage.staticContent.attachments }));
  const fileRequests = async () => (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path.endsWith('/file'));
  const fault = async (body: unknown) => {
    const r = await call(t.sim, 'POST', '/__sim/v1/faults', { body });
    expect(r.status, show(r)).toBe(201);
  };

  it('uploads the file as a multipart Send File: the simulator records one attachment with its name, type and size', async () => {
    const { handoff } = await start();
    const data = Buffer.from('%PDF-1.4 a receipt');
    const result = await handoff.sendFile({ name: 'receipt.pdf', mimeType: 'application/pdf', data, text: 'my receipt' });
    expect(result).toMatchObject({ newSession: false });
    const sent = await attachments(handoff.conversationId);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toBe('my receipt');
    expect(sent[0].attachments).toMatchObject([{ id: result.fileId, name: 'receipt.pdf', mimeType: 'application/pdf' }]);
    expect(JSON.stringify(sent[0])).toContain(result.messageId);
    expect((await fileRequests()).map((r: any) => r.status)).toEqual([202]);
    handoff.stream.close();
  });

  it('retries a lost response under the same message id: the file is recorded once', async () => {
    const { handoff, delays } = await start();
    await fault({ match: { method: 'POST', path: FILE_PATH }, sequence: [{ action: { type: 'reset-after' }, times: 1 }, { action: { type: 'status', status: 503 }, times: 1 }] });
    const result = await handoff.sendFile({ name: 'photo.png', mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) });
    expect(delays).toHaveLength(2);
    expect(await attachments(handoff.conversationId)).toHaveLength(1);
    const statuses = (await fileRequests()).map((r: any) => r.status);
    expect(statuses).toHaveLength(3);
    expect(statuses.at(-1)).toBe(202);
    expect(result.newSession).toBe(false);
    handoff.stream.close();
  });

  it('starts a new messaging session after the rep ended the last one (417), as a message does', async () => {
    const { handoff } = await start();
    const first = handoff.stream;
    expect((await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/end-session`)).status).toBe(200);
    await first.done;
    const result = await handoff.sendFile({ name: 'later.txt', mimeType: 'text/plain', data: Buffer.from('one more thing') });
    expect(result.newSession).toBe(true);
    expect(handoff.stream).not.toBe(first);
    expect((await fileRequests()).map((r: any) => r.status)).toEqual([417, 202]);
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.sessions).toHaveLength(2);
    expect(rec.sessions[1].routingAttributes).toEqual(handoff.routingAttributes);
    expect(await attachments(handoff.conversationId)).toHaveLength(1);
    handoff.stream.close();
  });

  it('gives up with a SendMessageError when the outage outlasts the retries', async () => {
    const { handoff } = await start();
    await fault({ match: { method: 'POST', path: FILE_PATH }, action: { type: 'status', status: 503 } });
    const error = await handoff.sendFile({ name: 'a.txt', mimeType: 'text/plain', data: Buffer.from('a') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendMessageError);
    expect(error).toMatchObject({ status: 503 });
    handoff.stream.close();
  });

  it.each([
    ['an empty name', { name: '' }, 'file.name: must not be empty'],
    ['a name over 255 characters', { name: 'n'.repeat(256) }, 'file.name: must be at most 255 characters'],
    ['a MIME type over 255 characters', { mimeType: `text/${'x'.repeat(251)}` }, 'file.mimeType: must be at most 255 characters'],
    ['no MIME type', { mimeType: undefined }, 'file.mimeType: must be a string'],
    ['empty data', { data: new Uint8Array() }, 'file.data: must not be empty'],
    ['data that is not bytes', { data: 'aGVsbG8=' }, 'file.data: must be the file\'s bytes'],
    ['more than fileMaxBytes', { data: new Uint8Array(1025) }, 'file.data: is 1025 bytes, more than fileMaxBytes (1024)'],
    ['a caption that is not text', { text: 42 }, 'file.text: must be a string'],
  ])('refuses %s before any request, naming the field', async (_what, change, message) => {
    const { handoff } = await start({ fileMaxBytes: 1024 });
    const file = { name: 'a.txt', mimeType: 'text/plain', data: new Uint8Array([1]), ...change };
    const error = await handoff.sendFile(file as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffConfigError);
    expect((error as Error).message).toContain(message);
    expect(await fileRequests()).toEqual([]);
    handoff.stream.close();
  });

  it('holds files to 5 MiB unless the configuration says otherwise', async () => {
    expect(parseHandoffConfig(configFor(t.sim)).fileMaxBytes).toBe(5 * 1024 * 1024);
    const { handoff } = await start();
    const error = await handoff.sendFile({ name: 'big.bin', mimeType: 'application/octet-stream', data: new Uint8Array(5 * 1024 * 1024 + 1) }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('more than fileMaxBytes (5242880)');
    expect(await fileRequests()).toEqual([]);
    handoff.stream.close();
  });
});
