import { describe, expect, it } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { toRepEvents } from '../../client/repEvents.ts';
import { call, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

/**
 * #15: Salesforce adds event types (progress indicators, streaming tokens) and message types the
 * handoff client does not render yet; a client must ignore what it does not know and keep
 * delivering the rep's text.
 */
describe('the handoff client and events it does not know', () => {
  const t = useSim();

  it('ignores unknown, new and malformed events, and keeps delivering text', async () => {
    const logs: string[] = [];
    const client = createHandoffClient(configFor(t.sim), { log: (line) => logs.push(line) });
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const id = handoff.conversationId;
    const rep = async (path: string, body: unknown) => {
      const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${id}/${path}`, { body });
      expect(r.status, show(r)).toBeLessThan(300);
      return r;
    };
    const custom = (name: string, data: unknown) => rep('events', { event: { type: 'custom', name, data } });
    const entry = (identifier: string, entryPayload: string) => ({ conversationId: id, conversationEntry: { identifier, entryType: 'Whatever', entryPayload, sender: { role: 'Agent' } } });

    await rep('messages', { text: 'before', repName: 'Alex' });
    await custom('CONVERSATION_SOMETHING_NEW', { anything: [1, 'two'] });
    await custom('CONVERSATION_SOMETHING_NEW', null);
    await custom('CONVERSATION_PARTICIPANT_CHANGED', entry(crypto.randomUUID(), '{"entries":5}'));
    await custom('CONVERSATION_MESSAGE', entry(crypto.randomUUID(), 'null'));
    await custom('CONVERSATION_MESSAGE', entry(crypto.randomUUID(), 'not json'));
    await rep('events', { event: { type: 'progress', text: 'Working on it' } });
    await rep('events', { event: { type: 'streaming-tokens', tokens: ['Hel', 'lo'] } });
    await rep('messages', { text: 'after', repName: 'Alex' });
    await rep('end-session', {});
    await handoff.stream.done;

    expect(sink.messages()).toEqual(['before', 'after']);
    // Progress is known since #16; streamed tokens without their final message give no message.
    expect(sink.events.map((e) => e.type)).toEqual(['participant', 'message', 'progress', 'message', 'participant', 'session-ended']);
    // The unknown name came twice and is logged once.
    expect(logs.filter((l) => l.includes('CONVERSATION_SOMETHING_NEW'))).toEqual(['[miaw-handoff] Ignoring event type "CONVERSATION_SOMETHING_NEW": this client does not know it (logged once).']);
  });
});

describe('toRepEvents: known names with shapes it does not know', () => {
  const id = crypto.randomUUID();
  const data = (entryPayload: string) => JSON.stringify({ conversationId: id, conversationEntry: { identifier: 'e1', entryPayload, sender: { role: 'Agent' } } });

  it.each([
    ['CONVERSATION_PARTICIPANT_CHANGED', '{"entries":5}'],
    ['CONVERSATION_PARTICIPANT_CHANGED', '{"entries":[null,7]}'],
    ['CONVERSATION_PARTICIPANT_CHANGED', 'null'],
    ['CONVERSATION_MESSAGE', 'null'],
  ])('%s with payload %s gives no rep event instead of throwing', (event, payload) => {
    expect(toRepEvents(event, data(payload), id)?.events ?? []).toEqual([]);
  });

  it('a message whose attachments are not a list is still delivered, as its format', () => {
    const payload = JSON.stringify({ abstractMessage: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Attachments', attachments: 'x' } } });
    expect(toRepEvents('CONVERSATION_MESSAGE', data(payload), id)?.events).toMatchObject([
      { type: 'message', text: '[Attachments]', content: { kind: 'unsupported', messageType: 'StaticContentMessage', formatType: 'Attachments' } },
    ]);
  });

  it.each([
    ['CONVERSATION_PROGRESS_INDICATOR', '{"progressIndicator":{"progressMessage":7}}'],
    ['CONVERSATION_STREAMING_TOKEN', '{"streamingToken":{"sequenceNumber":"1","targetMessageIdentifier":"t","token":{"text":"a"}}}'],
    ['CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', '{"acknowledgementTimestamp":1}'],
  ])('%s with payload %s gives no event and no token', (event, payload) => {
    const mapped = toRepEvents(event, data(payload), id);
    expect(mapped?.events).toEqual([]);
    expect(mapped?.token).toBeUndefined();
  });
});
