import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json } from '../../simulator/serialize/jsonTemplate.ts';
import { entryPayload, sseDataObject, toSseData } from '../../simulator/serialize/entries.ts';
import type { Conversation, Entry, RoutingOutcome } from '../../simulator/store/types.ts';
import { drafts } from '../helpers/entryDrafts.ts';

/**
 * `toSseData` writes the event stream's `data` from templates (`json`), not by building the object
 * and stringifying it; the bytes must be those `JSON.stringify` writes of the object, for any text
 * (quotes, backslashes, control characters, lone surrogates, emoji) and for fields left undefined.
 */
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('"', '\\', '\u0000\n\t\u2028', '\ud800', 'é💬'));
const number = fc.oneof(fc.integer(), fc.double(), fc.constant(-0));
/** Mostly present, sometimes undefined: a field `JSON.stringify` would leave out. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 8 });

const participant = fc.record({ role: fc.constantFrom('EndUser', 'Agent', 'Router'), appType: text, subject: text, clientIdentifier: text });
const envelope = fc.record({
  identifier: text,
  conversationId: text,
  sender: participant,
  senderDisplayName: text,
  transcriptedTimestamp: number,
  clientTimestamp: number,
  clientDuration: number,
  relatedRecords: fc.array(text, { maxLength: 3 }),
});
const routing = fc.record(
  {
    sessionId: maybe(text),
    routingType: fc.constantFrom('Initial', 'Transfer'),
    queueId: maybe(text),
    pendingServiceRoutingId: text,
    failureReason: fc.oneof(text, fc.constant('')),
    estimatedWaitSeconds: number,
  },
  { requiredKeys: ['routingType', 'pendingServiceRoutingId'] },
);
const routingEntry = fc.tuple(envelope, routing).map(([e, r]) => ({ ...e, entryType: 'RoutingResult', routing: r as RoutingOutcome }) as Entry);
/** A text message, or any fields (some the payload adds itself, some undefined, none at all). */
const message = fc.oneof(
  text.map((t) => ({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: t } })),
  fc.dictionary(fc.constantFrom('messageType', 'id', 'references', 'inReplyToMessageId', '__proto__', 'choices', 'x'), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), { maxKeys: 4 }),
);
const messageEntry = fc.tuple(envelope, message, fc.oneof(fc.constant(null), text)).map(([e, m, inReplyTo]) => ({ ...e, entryType: 'Message', message: m, inReplyToMessageId: inReplyTo }) as Entry);
const withHoles = fc.tuple(fc.oneof(routingEntry, messageEntry), fc.constantFrom('identifier', 'senderDisplayName', 'clientTimestamp', 'relatedRecords', 'sender')).map(([e, field]) => ({ ...e, [field]: undefined }) as Entry);
const conversation = fc.record({ id: text, subject: fc.oneof(text, text.map((t) => `v2/iamessage/AUTH/K/uid:${t}`)) }).map((c) => c as Conversation);

describe('the SSE data template', () => {
  it('writes the bytes JSON.stringify writes of the object, for any entry, text and missing field', () => {
    fc.assert(
      fc.property(conversation, text, fc.oneof(routingEntry, messageEntry, withHoles), (c, channel, entry) => {
        expect(toSseData(c, channel, entry)).toBe(JSON.stringify(sseDataObject(c, channel, entry)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a RoutingResult and a message payload as entryPayload stringified (the string inside data)', () => {
    fc.assert(
      fc.property(conversation, fc.oneof(routingEntry, messageEntry), (c, entry) => {
        const data = JSON.parse(toSseData(c, 'ch', entry)) as { conversationEntry: { entryPayload: string } };
        expect(data.conversationEntry.entryPayload).toBe(JSON.stringify(entryPayload(entry)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every draft type byte for byte (the golden drafts, through the object path too)', () => {
    const c = { id: 'c-1', subject: 'v2/iamessage/AUTH/K/uid:ada' } as Conversation;
    for (const [, draft] of drafts) {
      const entry = { transcriptedTimestamp: 1, clientTimestamp: 2, clientDuration: 0, relatedRecords: [], conversationId: 'c-1', identifier: 'e', ...draft } as Entry;
      expect(toSseData(c, 'ch', entry)).toBe(JSON.stringify(sseDataObject(c, 'ch', entry)));
    }
  });
});

describe('json (the template tag)', () => {
  it('stringifies each value into the fixed JSON around it', () => {
    expect(json`{"a":${'x"y'},"b":${[1, null]},"c":${{ d: true }}}`).toBe('{"a":"x\\"y","b":[1,null],"c":{"d":true}}');
  });

  it('answers undefined when a value would be left out of an object', () => {
    expect(json`{"a":${undefined}}`).toBeUndefined();
    expect(json`{"a":${() => 1}}`).toBeUndefined();
  });
});
