import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, stateSnapshot, textMessage, useSim, type ApiResponse } from '../helpers/sim.ts';
import { openStream, type SseFrame } from '../helpers/sse.ts';

const API = '/iamessage/api/v2';

const entryOf = (frame: SseFrame) => JSON.parse(frame.data).conversationEntry;
const framesOf = (frames: SseFrame[], event: string, identifier: string) => frames.filter((f) => f.event === event && entryOf(f).identifier === identifier);

async function guestConversation(sim: RunningSimulator) {
  const { accessToken } = await getGuestToken(sim);
  return { token: accessToken, id: await startConversation(sim, accessToken) };
}

async function entries(sim: RunningSimulator, token: string, id: string, query = ''): Promise<any[]> {
  const r = await call(sim, 'GET', `${API}/conversation/${id}/entries${query}`, { token });
  expect(r.status, show(r)).toBe(200);
  return r.body.conversationEntries;
}

const repSays = async (sim: RunningSimulator, id: string, text: string, repName?: string) => {
  const r = await call(sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text, ...(repName ? { repName } : {}) } });
  expect(r.status, show(r)).toBe(201);
  return r.body.identifier as string;
};

/** A multipart upload as a browser or Node client sends it: a JSON "messageEntry" field and a "fileData" file. */
async function upload(sim: RunningSimulator, token: string, id: string, parts: { messageEntry?: unknown; file?: Blob; fileName?: string; entryAsBlob?: boolean }): Promise<ApiResponse> {
  const form = new FormData();
  const json = JSON.stringify(parts.messageEntry);
  if (parts.messageEntry !== undefined) {
    // Browser FormData can only type a part by appending a Blob: clients do that for messageEntry too.
    if (parts.entryAsBlob) form.append('messageEntry', new Blob([json], { type: 'application/json' }));
    else form.append('messageEntry', json);
  }
  if (parts.file) form.append('fileData', parts.file, parts.fileName ?? 'notes.txt');
  const res = await fetch(`${sim.url}${API}/conversation/${id}/file`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

describe('POST /message', () => {
  const t = useSim();

  it('answers 202 with the entry id and clientTimestamp, and echoes the message on the stream as EndUser', async () => {
    const { token, id } = await guestConversation(t.sim);
    const stream = await openStream(t.sim.url, token, t.sim.orgId);
    try {
      const message = textMessage('hello from the widget');
      const r = await call(t.sim, 'POST', `${API}/conversation/${id}/message`, { token, body: { esDeveloperName: t.sim.esDeveloperName, message } });
      expect(r.status, show(r)).toBe(202);
      expect(r.body).toEqual({ conversationEntries: [{ id: message.id, clientTimestamp: expect.any(Number) }] });

      const frames = await stream.waitFor((f) => framesOf(f, 'CONVERSATION_MESSAGE', message.id).length > 0);
      const echoed = entryOf(framesOf(frames, 'CONVERSATION_MESSAGE', message.id)[0]!);
      expect(echoed.sender.role).toBe('EndUser');
      expect(echoed.clientTimestamp).toBe(r.body.conversationEntries[0].clientTimestamp);
      expect(JSON.parse(echoed.entryPayload).abstractMessage).toMatchObject({ id: message.id, staticContent: { formatType: 'Text', text: 'hello from the widget' } });
    } finally {
      stream.close();
    }
  });

  it('treats a repeated message.id as an idempotent retry: same answer, one entry, one echo', async () => {
    const { token, id } = await guestConversation(t.sim);
    const stream = await openStream(t.sim.url, token, t.sim.orgId);
    const message = textMessage('sent twice');
    try {
      const send = () => call(t.sim, 'POST', `${API}/conversation/${id}/message`, { token, body: { esDeveloperName: t.sim.esDeveloperName, message } });
      const first = await send();
      const retry = await send();
      expect(first.status, show(first)).toBe(202);
      expect(retry.status, show(retry)).toBe(202);
      expect(retry.body).toEqual(first.body);

      const marker = await repSays(t.sim, id, 'marker');
      const frames = await stream.waitFor((f) => framesOf(f, 'CONVERSATION_MESSAGE', marker).length > 0);
      expect(framesOf(frames, 'CONVERSATION_MESSAGE', message.id)).toHaveLength(1);
    } finally {
      stream.close();
    }
    const all = await entries(t.sim, token, id, '?limit=50');
    expect(all.filter((e) => e.identifier === message.id)).toHaveLength(1);
  });
});

describe('GET /entries', () => {
  const clock = new ManualClock();
  const t = useSim({ clock });
  const tick = () => clock.advance(1_000);

  /** RoutingResult, then three end-user messages one second apart. */
  async function transcript() {
    const { token, id } = await guestConversation(t.sim);
    const sent: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      tick();
      const r = await sendMessage(t.sim, token, id, text);
      expect(r.status, show(r)).toBe(202);
      sent.push(r.body.conversationEntries[0].id);
    }
    const routing = (await recorded(t.sim, id)).entries[0].identifier as string;
    return { token, id, chronological: [routing, ...sent] };
  }

  it('gives entryPayload as an object and the full envelope on every entry type', async () => {
    const { token, id } = await guestConversation(t.sim);
    const repMessage = await repSays(t.sim, id, 'How can I help?');
    expect((await sendMessage(t.sim, token, id, 'my order')).status).toBe(202);
    const ack = await call(t.sim, 'POST', `${API}/conversation/${id}/acknowledge-entries`, { token, body: { acks: [{ id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: repMessage }] } });
    expect(ack.status, show(ack)).toBe(202);

    const all = await entries(t.sim, token, id, '?limit=50');
    expect(new Set(all.map((e) => e.entryType))).toEqual(new Set(['RoutingResult', 'ParticipantChanged', 'Message', 'ReadAcknowledgement']));
    for (const e of all) {
      expect(e.entryPayload, e.entryType).toBeTypeOf('object');
      expect(Array.isArray(e.entryPayload), e.entryType).toBe(false);
      expect(e.entryPayload).toMatchObject({ entryType: e.entryType, id: e.identifier });
      expect(e.sender, e.entryType).toMatchObject({ role: expect.any(String), appType: expect.any(String), subject: expect.any(String) });
      expect(e.senderDisplayName, e.entryType).toMatch(/\S/);
      expect(Number.isFinite(e.clientTimestamp) && Number.isFinite(e.transcriptedTimestamp), e.entryType).toBe(true);
    }
  });

  it('orders newest first by default (FromEnd), oldest first with FromStart, and honours limit', async () => {
    const { token, id, chronological } = await transcript();
    const ids = (list: any[]) => list.map((e) => e.identifier);
    expect(ids(await entries(t.sim, token, id))).toEqual([...chronological].reverse());
    expect(ids(await entries(t.sim, token, id, '?direction=FromEnd'))).toEqual([...chronological].reverse());
    expect(ids(await entries(t.sim, token, id, '?direction=FromStart'))).toEqual(chronological);
    expect(ids(await entries(t.sim, token, id, '?limit=2'))).toEqual([chronological[3], chronological[2]]);
    expect(ids(await entries(t.sim, token, id, '?limit=2&direction=FromStart'))).toEqual(chronological.slice(0, 2));
  });

  it('filters by entryTypeFilter and by the startTimestamp/endTimestamp window', async () => {
    const { token, id, chronological } = await transcript();
    tick();
    const repMessage = await repSays(t.sim, id, 'joining now');
    const types = (await entries(t.sim, token, id, '?limit=50&entryTypeFilter=Message,RoutingResult')).map((e) => e.entryType);
    expect(types).toEqual(['Message', 'Message', 'Message', 'Message', 'RoutingResult']);
    expect((await entries(t.sim, token, id, '?entryTypeFilter=ParticipantChanged')).map((e) => e.entryType)).toEqual(['ParticipantChanged']);

    const stamps = (await entries(t.sim, token, id, '?direction=FromStart&limit=50')).map((e) => [e.identifier, e.transcriptedTimestamp]);
    const at = (identifier: string) => stamps.find(([i]) => i === identifier)![1] as number;
    const window = await entries(t.sim, token, id, `?direction=FromStart&startTimestamp=${at(chronological[2]!)}&endTimestamp=${at(chronological[3]!)}`);
    expect(window.map((e) => e.identifier)).toEqual([chronological[2], chronological[3]]);
    const since = await entries(t.sim, token, id, `?direction=FromStart&startTimestamp=${at(repMessage)}`);
    expect(since.map((e) => e.entryType)).toEqual(['ParticipantChanged', 'Message']);
  });

  it('shows a rep message sent via the control API as role Agent, after the rep\'s ParticipantChanged(add)', async () => {
    const { token, id } = await guestConversation(t.sim);
    tick();
    const repMessage = await repSays(t.sim, id, 'Hi, I am Alex', 'Alex');
    const all = await entries(t.sim, token, id, '?direction=FromStart');
    expect(all.map((e) => e.entryType)).toEqual(['RoutingResult', 'ParticipantChanged', 'Message']);
    expect(all[1].entryPayload.entries[0]).toMatchObject({ operation: 'add', displayName: 'Alex', participant: { role: 'Agent' } });
    expect(all[2]).toMatchObject({ identifier: repMessage, senderDisplayName: 'Alex', sender: { role: 'Agent' } });
    expect(all[2].entryPayload.abstractMessage.staticContent).toEqual({ formatType: 'Text', text: 'Hi, I am Alex' });
  });
});

describe('POST /file', () => {
  const t = useSim();
  const entry = (sim: RunningSimulator, message: Record<string, unknown> = {}): { esDeveloperName: string; message: Record<string, any> } => ({
    esDeveloperName: sim.esDeveloperName,
    message: { id: crypto.randomUUID(), ...message },
  });

  it('answers 202 and records an Attachments message naming the file', async () => {
    const { token, id } = await guestConversation(t.sim);
    const messageEntry = entry(t.sim, { fileId: crypto.randomUUID(), text: 'my receipt' });
    const r = await upload(t.sim, token, id, { messageEntry, file: new Blob(['receipt #1'], { type: 'text/plain' }), fileName: 'receipt.txt' });
    expect(r.status, show(r)).toBe(202);
    expect(r.body.conversationEntries[0].id).toBe(messageEntry.message.id);

    const stored = (await entries(t.sim, token, id)).find((e) => e.identifier === messageEntry.message.id);
    expect(stored.sender.role).toBe('EndUser');
    const content = stored.entryPayload.abstractMessage.staticContent;
    expect(content).toMatchObject({ formatType: 'Attachments', text: 'my receipt' });
    expect(content.attachments).toEqual([expect.objectContaining({ id: messageEntry.message.fileId, name: 'receipt.txt', mimeType: 'text/plain', size: 10 })]);
  });

  it('also takes messageEntry sent as a typed application/json Blob part', async () => {
    const { token, id } = await guestConversation(t.sim);
    const messageEntry = entry(t.sim, { text: 'as a blob' });
    const r = await upload(t.sim, token, id, { messageEntry, entryAsBlob: true, file: new Blob(['x'], { type: 'text/plain' }), fileName: 'x.txt' });
    expect(r.status, show(r)).toBe(202);
    const stored = (await entries(t.sim, token, id)).find((e) => e.identifier === messageEntry.message.id);
    expect(stored.entryPayload.abstractMessage.staticContent).toMatchObject({ formatType: 'Attachments', text: 'as a blob' });
  });

  it.each([
    ['the messageEntry part', 'MISSING_MESSAGE_ENTRY', () => ({ file: new Blob(['x']) })],
    ['the fileData part', 'MISSING_FILE', () => ({ messageEntry: entry(t.sim) })],
  ])('answers 400 without %s and stores nothing', async (_label, errorCode, parts) => {
    const { token, id } = await guestConversation(t.sim);
    const before = await stateSnapshot(t.sim);
    const r = await upload(t.sim, token, id, parts());
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe(errorCode);
    expect(await stateSnapshot(t.sim)).toEqual(before);
  });
});

describe('POST /file with fileMaxBytes 1024', () => {
  const t = useSim({ fileMaxBytes: 1024 });

  it('takes a file of exactly 1024 bytes and answers 413 for one byte more, storing nothing', async () => {
    const { token, id } = await guestConversation(t.sim);
    const messageEntry = () => ({ esDeveloperName: t.sim.esDeveloperName, message: { id: crypto.randomUUID() } });
    const before = await stateSnapshot(t.sim);
    const tooBig = await upload(t.sim, token, id, { messageEntry: messageEntry(), file: new Blob([new Uint8Array(1025)]), fileName: 'big.bin' });
    expect(tooBig.status, show(tooBig)).toBe(413);
    expect(tooBig.body).toMatchObject({ code: '413', errorCode: 'FILE_TOO_LARGE' });
    expect(await stateSnapshot(t.sim)).toEqual(before);

    const fits = await upload(t.sim, token, id, { messageEntry: messageEntry(), file: new Blob([new Uint8Array(1024)]), fileName: 'fits.bin' });
    expect(fits.status, show(fits)).toBe(202);
  });
});

describe('typing indicators and acknowledgements', () => {
  const t = useSim();

  it('POST /entry TypingStartedIndicator answers 200 (not 202 like message and file), reaches the stream, and is not stored', async () => {
    const { token, id } = await guestConversation(t.sim);
    const stream = await openStream(t.sim.url, token, t.sim.orgId);
    const typingId = crypto.randomUUID();
    try {
      const r = await call(t.sim, 'POST', `${API}/conversation/${id}/entry`, { token, body: { entryType: 'TypingStartedIndicator', id: typingId } });
      expect(r.status, show(r)).toBe(200);
      expect(r.body).toEqual({});
      const frames = await stream.waitFor((f) => framesOf(f, 'CONVERSATION_TYPING_STARTED_INDICATOR', typingId).length > 0);
      expect(entryOf(framesOf(frames, 'CONVERSATION_TYPING_STARTED_INDICATOR', typingId)[0]!).sender.role).toBe('EndUser');
    } finally {
      stream.close();
    }
    const stopped = await call(t.sim, 'POST', `${API}/conversation/${id}/entry`, { token, body: { entryType: 'TypingStoppedIndicator' } });
    expect(stopped.status, show(stopped)).toBe(200);
    const all = await entries(t.sim, token, id, '?limit=50');
    expect(all.map((e) => e.entryType)).toEqual(['RoutingResult']);
  });

  it('acknowledge-entries answers 202 for Delivery and Read, of the rep\'s and of the end user\'s own messages', async () => {
    const { token, id } = await guestConversation(t.sim);
    const repMessage = await repSays(t.sim, id, 'Your order shipped');
    const own = (await sendMessage(t.sim, token, id, 'thanks')).body.conversationEntries[0].id as string;
    const acks = [
      { id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: repMessage },
      { id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: repMessage },
      { id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: own },
    ];
    const r = await call(t.sim, 'POST', `${API}/conversation/${id}/acknowledge-entries`, { token, body: { acks } });
    expect(r.status, show(r)).toBe(202);

    const stored = (await entries(t.sim, token, id, '?direction=FromStart&entryTypeFilter=DeliveryAcknowledgement,ReadAcknowledgement'))
      .map((e) => [e.identifier, e.entryType, e.relatedRecords]);
    expect(stored).toEqual([
      [acks[0]!.id, 'DeliveryAcknowledgement', [repMessage]],
      [acks[1]!.id, 'ReadAcknowledgement', [repMessage]],
      [acks[2]!.id, 'ReadAcknowledgement', [own]],
    ]);
  });

  it('refuses an ack of an entry the conversation does not have with 400, storing none of the batch', async () => {
    const { token, id } = await guestConversation(t.sim);
    const repMessage = await repSays(t.sim, id, 'Hello');
    const before = await stateSnapshot(t.sim);
    const r = await call(t.sim, 'POST', `${API}/conversation/${id}/acknowledge-entries`, {
      token,
      body: { acks: [{ id: crypto.randomUUID(), entryType: 'Delivery', conversationEntryId: repMessage }, { id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: crypto.randomUUID() }] },
    });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe('UNKNOWN_ENTRY');
    expect(r.body.message).toMatch(/^\[miaw-sim\] acks\.1\.conversationEntryId: [0-9a-f-]{36} is not an entry of conversation /);
    expect(await stateSnapshot(t.sim)).toEqual(before);
  });
});
