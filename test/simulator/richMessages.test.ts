import { describe, expect, it } from 'vitest';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { entryOf, payloadOf } from '../helpers/routing.ts';
import { openStream } from '../helpers/sse.ts';
import { offered as offerTo } from '../helpers/answers.ts';
import { importState } from '../../simulator/server/stateFile.ts';

/**
 * #15 item 1: a rep (or bot) sends every message type and format Salesforce documents, receipts
 * and other stream events, through the control API; each reaches the end user's stream and the
 * entries list exactly as Salesforce shapes it (developer.salesforce.com/docs/service/messaging-api,
 * message-types-payloads-* and server-sent-events-*).
 */

const V1 = '/__sim/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const anyUuid = expect.stringMatching(UUID);

/** A TitleItem as Salesforce writes it: absent subtitles and reference are null. */
const titleItem = (title: string) => ({ itemType: 'TitleItem', title, subTitle: null, secondarySubTitle: null, tertiarySubTitle: null, referenceId: null });

describe('control API: rich rep messages', () => {
  const t = useSim();

  async function conversation() {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    await stream.waitFor((f) => f.length === 1);
    const control = (action: string, body: unknown) => call(t.sim, 'POST', `${V1}/conversations/${id}/${action}`, { body });
    const entries = async () => {
      const r = await call(t.sim, 'GET', `/iamessage/api/v2/conversation/${id}/entries?direction=FromStart`, { token: accessToken });
      expect(r.status, show(r)).toBe(200);
      return r.body.conversationEntries as any[];
    };
    return { id, token: accessToken, stream, control, entries };
  }

  /** Send `message` as the rep; answer the SSE frame and the REST entry the end user gets. */
  async function repSends(message: unknown) {
    const c = await conversation();
    const r = await c.control('messages', { message, repName: 'Alex' });
    expect(r.status, show(r)).toBe(201);
    const frames = await c.stream.waitFor((f) => f.some((x) => x.event === 'CONVERSATION_MESSAGE'));
    c.stream.close();
    const frame = frames.find((x) => x.event === 'CONVERSATION_MESSAGE')!;
    const rest = (await c.entries()).find((e) => e.entryType === 'Message');
    return { ...c, response: r.body, frame, rest };
  }

  const messageId = () => crypto.randomUUID();
  const optionId = () => crypto.randomUUID();

  /** [name, abstractMessage sent, the abstractMessage Salesforce's shape says the end user gets] */
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = (() => {
    const [text, att, ext, link, web, buttons, quick, carousel, form] = Array.from({ length: 9 }, messageId);
    const [o1, o2, o3, o4] = Array.from({ length: 4 }, optionId);
    return [
      ['StaticContentMessage / Text', { id: text, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hi' } }, { id: text, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hi' } }],
      [
        'StaticContentMessage / Attachments',
        { id: att, messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', text: 'your invoice', attachments: [{ name: 'invoice.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/invoice.pdf' }] } },
        { id: att, messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', text: 'your invoice', attachments: [{ id: anyUuid, name: 'invoice.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/invoice.pdf' }] } },
      ],
      [
        'StaticContentMessage / ExternalAttachments',
        { id: ext, messageType: 'StaticContentMessage', staticContent: { formatType: 'ExternalAttachments', attachments: [{ name: 'manual.pdf', mimeType: 'application/pdf', url: 'https://cdn.example.com/manual.pdf' }] } },
        { id: ext, messageType: 'StaticContentMessage', staticContent: { formatType: 'ExternalAttachments', attachments: [{ id: anyUuid, name: 'manual.pdf', mimeType: 'application/pdf', url: 'https://cdn.example.com/manual.pdf' }] } },
      ],
      [
        'StaticContentMessage / RichLink',
        { id: link, messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com/help', titleItem: { title: 'Help' } }, image: { mimeType: 'image/png', assetUrl: 'https://example.com/i.png' } } },
        {
          id: link,
          messageType: 'StaticContentMessage',
          staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com/help', titleItem: titleItem('Help') }, image: { assetType: 'ImageAsset', id: anyUuid, mimeType: 'image/png', assetUrl: 'https://example.com/i.png', description: null } },
        },
      ],
      ['StaticContentMessage / WebView', { id: web, messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView', url: 'https://example.com/book', title: 'Book' } }, { id: web, messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView', url: 'https://example.com/book', title: 'Book' } }],
      [
        'ChoicesMessage / Buttons',
        { id: buttons, messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ titleItem: { title: 'Order' }, optionIdentifier: o1 }, { titleItem: { title: 'Refund' } }] } },
        {
          id: buttons,
          messageType: 'ChoicesMessage',
          choices: {
            formatType: 'Buttons',
            text: 'Pick one',
            optionItems: [
              { itemType: 'TitleOptionItem', titleItem: titleItem('Order'), optionIdentifier: o1, optionId: null },
              { itemType: 'TitleOptionItem', titleItem: titleItem('Refund'), optionIdentifier: anyUuid, optionId: null },
            ],
          },
        },
      ],
      [
        'ChoicesMessage / QuickReplies',
        { id: quick, messageType: 'ChoicesMessage', choices: { formatType: 'QuickReplies', text: 'Yes?', optionItems: [{ itemType: 'TitleOptionItem', titleItem: { itemType: 'TitleItem', title: 'Yes', subTitle: 'sure' }, optionIdentifier: o2, optionId: 'yes' }] } },
        { id: quick, messageType: 'ChoicesMessage', choices: { formatType: 'QuickReplies', text: 'Yes?', optionItems: [{ itemType: 'TitleOptionItem', titleItem: { ...titleItem('Yes'), subTitle: 'sure' }, optionIdentifier: o2, optionId: 'yes' }] } },
      ],
      [
        'ChoicesMessage / Carousel',
        { id: carousel, messageType: 'ChoicesMessage', choices: { formatType: 'Carousel', optionItems: [{ titleItem: { title: 'Red' }, optionIdentifier: o3, image: { mimeType: 'image/jpeg', assetUrl: 'https://example.com/red.jpg' } }, { titleItem: { title: 'Blue' }, optionIdentifier: o4 }] } },
        {
          id: carousel,
          messageType: 'ChoicesMessage',
          choices: {
            formatType: 'Carousel',
            optionItems: [
              { itemType: 'TitleOptionItem', titleItem: titleItem('Red'), optionIdentifier: o3, optionId: null, image: { assetType: 'ImageAsset', id: anyUuid, mimeType: 'image/jpeg', assetUrl: 'https://example.com/red.jpg', description: null } },
              { itemType: 'TitleOptionItem', titleItem: titleItem('Blue'), optionIdentifier: o4, optionId: null },
            ],
          },
        },
      ],
      [
        'FormMessage / Inputs',
        { id: form, messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: 'Details' }, sections: [{ inputs: [{ name: 'email', inputType: 'Email', label: { title: 'Email' } }] }] } },
        { id: form, messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: titleItem('Details'), sections: [{ inputs: [{ name: 'email', inputType: 'Email', label: titleItem('Email'), required: false }] }] } },
      ],
    ];
  })();

  it.each(cases)('%s reaches the stream and the entries list in Salesforce\'s shape', async (_name, sent, expected) => {
    const { frame, rest, response } = await repSends(sent);
    const payload = { entryType: 'Message', id: expected.id, abstractMessage: { ...expected, inReplyToMessageId: null, references: [] }, messageReason: null };
    expect(frame.id).toMatch(/^\d+$/);
    expect(payloadOf(frame)).toEqual(payload);
    expect(entryOf(frame)).toMatchObject({ identifier: expected.id, entryType: 'Message', sender: { role: 'Agent' }, senderDisplayName: 'Alex', relatedRecords: [], contextParamMap: {} });
    expect(rest).toMatchObject({ identifier: expected.id, entryType: 'Message', senderDisplayName: 'Alex' });
    expect(rest.entryPayload).toEqual(payload);
    // What the stream, the list and the control API's answer say is one and the same message.
    expect(response.entryPayload).toEqual(payloadOf(frame));
  });

  it('fills in the message id when absent, and keeps {text} working as before', async () => {
    const c = await conversation();
    const a = await c.control('messages', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'one' } } });
    const b = await c.control('messages', { text: 'two' });
    c.stream.close();
    expect(a.status, show(a)).toBe(201);
    expect(b.status, show(b)).toBe(201);
    expect(a.body.identifier).toMatch(UUID);
    expect(a.body.entryPayload.abstractMessage.id).toBe(a.body.identifier);
    expect(b.body.entryPayload.abstractMessage).toEqual({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'two' }, id: b.body.identifier, inReplyToMessageId: null, references: [] });
  });

  it('refuses a message id already used in the conversation (409)', async () => {
    const c = await conversation();
    c.stream.close();
    const id = crypto.randomUUID();
    const message = { id, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'x' } };
    expect((await c.control('messages', { message })).status).toBe(201);
    const again = await c.control('messages', { message });
    expect(again.status, show(again)).toBe(409);
    expect(again.body.errorCode).toBe('DUPLICATE_ENTRY_ID');
  });

  const text = (t = 'x') => ({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: t } });
  const buttons = (optionItems: unknown) => ({ messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', optionItems } });
  const same = crypto.randomUUID();
  it.each([
    ['neither text nor message', 'text', {}],
    ['both text and message', 'message', { text: 'a', message: text() }],
    ['an unknown messageType', 'message.messageType', { message: { messageType: 'VideoMessage' } }],
    ['an end-user-only messageType', 'message.messageType', { message: { messageType: 'ChoicesResponseMessage', choicesResponse: {} } }],
    ['a message id that is not a lower-case UUID', 'message.id', { message: { ...text(), id: 'ABC' } }],
    ['an unknown static formatType', 'message.staticContent.formatType', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Video' } } }],
    ['Text without text', 'message.staticContent.text', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text' } } }],
    ['an attachment without url', 'message.staticContent.attachments.0.url', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf' }] } } }],
    ['an external attachment whose url is not http(s)', 'message.staticContent.attachments.0.url', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'ExternalAttachments', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf', url: 'file:///etc/passwd' }] } } }],
    ['no attachments', 'message.staticContent.attachments', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [] } } }],
    ['a RichLink whose url is not http(s)', 'message.staticContent.linkItem.url', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'javascript:alert(1)' } } } }],
    ['a WebView without url', 'message.staticContent.url', { message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView' } } }],
    ['an unknown choices formatType', 'message.choices.formatType', { message: { messageType: 'ChoicesMessage', choices: { formatType: 'List', optionItems: [{ titleItem: { title: 'a' } }] } } }],
    ['choices without options', 'message.choices.optionItems', { message: buttons([]) }],
    ['an option without a title', 'message.choices.optionItems.0.titleItem.title', { message: buttons([{ titleItem: {} }]) }],
    ['an option identifier that is not a UUID', 'message.choices.optionItems.0.optionIdentifier', { message: buttons([{ titleItem: { title: 'a' }, optionIdentifier: 'one' }]) }],
    ['two options with one identifier', 'message.choices.optionItems.1.optionIdentifier', { message: buttons([{ titleItem: { title: 'a' }, optionIdentifier: same }, { titleItem: { title: 'b' }, optionIdentifier: same }]) }],
    ['a form whose formatType is not Inputs', 'message.form.formatType', { message: { messageType: 'FormMessage', form: { formatType: 'Fields' } } }],
    ['a FormMessage without form', 'message.form', { message: { messageType: 'FormMessage' } }],
  ])('a body with %s is a 400 naming %s', async (_name, field, body) => {
    const c = await conversation();
    c.stream.close();
    const r = await c.control('messages', body);
    expect(r.status, show(r)).toBe(400);
    expect(r.body.errorCode).toBe('INVALID_REQUEST');
    expect(r.body.message).toContain(`Invalid request body: ${field}: `);
    expect((await recorded(t.sim, c.id)).entries.filter((e: any) => e.entryType === 'Message')).toEqual([]);
  });
});

describe('state export and import carry the new kinds', () => {
  const t = useSim();

  it('every rich message and a rep ack survive GET /state -> import as the same typed entries', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    const sent = await sendMessage(t.sim, accessToken, id, 'hi');
    const rep = (action: string, body: unknown) => call(t.sim, 'POST', `${V1}/conversations/${id}/${action}`, { body });
    for (const message of [
      { messageType: 'ChoicesMessage', choices: { formatType: 'Carousel', optionItems: [{ titleItem: { title: 'Red' }, image: { mimeType: 'image/png', assetUrl: 'https://example.com/r.png' } }] } },
      { messageType: 'FormMessage', form: { formatType: 'Inputs', sections: [{ inputs: [{ name: 'colour', inputType: 'SingleSelect', optionItems: [{ titleItem: { title: 'Red' } }] }] }] } },
      { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: [{ name: 'a.pdf', mimeType: 'application/pdf', url: 'https://example.com/a.pdf' }] } },
      { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com' } } },
    ]) {
      const r = await rep('messages', { message });
      expect(r.status, show(r)).toBe(201);
    }
    expect((await rep('acknowledge-entries', { acks: [{ entryType: 'Read', conversationEntryId: sent.body.conversationEntries[0].id }] })).status).toBe(201);

    const state = (await call(t.sim, 'GET', `${V1}/state`)).body;
    const imported = importState(state).conversations.find((c) => c.id === id)!;
    expect(imported.entries).toEqual(t.ctx.store.conversations.get(id)!.entries);
    expect(imported.entries.map((e) => (e.entryType === 'Message' ? e.message.messageType : e.entryType))).toEqual(
      expect.arrayContaining(['ChoicesMessage', 'FormMessage', 'StaticContentMessage', 'ReadAcknowledgement']),
    );
  });
});

describe("the end user's answers: choices and form responses", () => {
  const t = useSim();

  const offered = (message: Record<string, unknown>) => offerTo(t.sim, message);
  const [yes, no] = [crypto.randomUUID(), crypto.randomUUID()];
  const choices = { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', optionItems: [{ titleItem: { title: 'Yes' }, optionIdentifier: yes }, { titleItem: { title: 'No' }, optionIdentifier: no }] } };
  const choose = (optionIdentifier: string, extra: Record<string, unknown> = {}) => ({ messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier, optionTitle: 'No' }] }, ...extra });

  it('a choice among the options offered is accepted, stored, and shown to the rep side', async () => {
    const c = await offered(choices);
    const r = await c.answer(choose(no, { inReplyToMessageId: c.offeredId }));
    expect(r.status, show(r)).toBe(202);
    const answer = (await recorded(t.sim, c.id)).entries.find((e: any) => e.entryPayload.abstractMessage?.messageType === 'ChoicesResponseMessage');
    expect(answer).toMatchObject({ sender: { role: 'EndUser' }, entryPayload: { abstractMessage: { inReplyToMessageId: c.offeredId, choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: no, optionTitle: 'No' }] } } } });
  });

  it('without inReplyToMessageId a choice answers the latest ChoicesMessage', async () => {
    const c = await offered(choices);
    expect((await c.answer(choose(yes))).status).toBe(202);
  });

  it.each([
    ['an option that was not offered', 'message.choicesResponse.selectedOptions.0.optionIdentifier', (c: any) => choose(crypto.randomUUID(), { inReplyToMessageId: c.offeredId })],
    ['inReplyToMessageId naming a message that is not a ChoicesMessage', 'message.inReplyToMessageId', () => choose(yes, { inReplyToMessageId: crypto.randomUUID() })],
    ['no selected options', 'message.choicesResponse.selectedOptions', () => ({ messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [] } })],
    ['a formatType other than Selections', 'message.choicesResponse.formatType', () => ({ messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Buttons', selectedOptions: [{ optionIdentifier: yes }] } })],
    ['no choicesResponse', 'message.choicesResponse', () => ({ messageType: 'ChoicesResponseMessage' })],
  ])('a choice with %s is a 400 naming %s', async (_name, field, make) => {
    const c = await offered(choices);
    const r = await c.answer(make(c));
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain(`Invalid request body: ${field}: `);
  });

  it('a choice when nothing was offered is a 400 naming message.choicesResponse', async () => {
    const c = await offered({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'hello' } });
    const r = await c.answer(choose(yes));
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('Invalid request body: message.choicesResponse: no ChoicesMessage was offered');
  });

  it('a form response answers a FormMessage; with none offered, or a formatType other than Result, it is a 400', async () => {
    const formResponse = { formatType: 'Result', result: { Email: 'a@example.com' } };
    const c = await offered({ messageType: 'FormMessage', form: { formatType: 'Inputs' } });
    const ok = await c.answer({ messageType: 'FormResponseMessage', formResponse, inReplyToMessageId: c.offeredId });
    expect(ok.status, show(ok)).toBe(202);
    const bad = await c.answer({ messageType: 'FormResponseMessage', formResponse: { formatType: 'Inputs' } });
    expect(bad.status, show(bad)).toBe(400);
    expect(bad.body.message).toContain('Invalid request body: message.formResponse.formatType: ');

    const none = await offered(choices);
    const r = await none.answer({ messageType: 'FormResponseMessage', formResponse });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('Invalid request body: message.formResponse: no FormMessage was offered');
  });
});
