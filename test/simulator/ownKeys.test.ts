import { describe, expect, it } from 'vitest';
import { extractRoutingAttributes } from '../../client/routingAttributes.ts';
import { buildTranscript } from '../../client/transcript.ts';
import type { HandoffChannel, HistoryTurn } from '../../client/types.ts';
import { parseSteps } from '../../scenarios/lib/steps.ts';
import { fillPlaceholders, unknownPlaceholder } from '../../simulator/domain/reps/placeholders.ts';
import { chooseQueue } from '../../simulator/domain/routing/chooseQueue.ts';
import { redactFields } from '../../simulator/http/journalRecorder.ts';
import { eventNameFor } from '../../simulator/serialize/entries.ts';
import { importState } from '../../simulator/server/stateFile.ts';
import { call, getGuestToken, recorded, sendMessage, show, useSim } from '../helpers/sim.ts';
import { addRep, putRouting, V1 } from '../helpers/routing.ts';

/**
 * Issue 14, item 5: user keys are looked up as own properties only, so `__proto__`, `constructor`,
 * `prototype`, `valueOf` and the like are keys like any other and nothing reaches Object.prototype.
 * Bodies with `__proto__` are written as JSON text: in a JavaScript object literal it would set the
 * prototype instead of making a key.
 */
const CREATE = '/iamessage/api/v2/conversation';
const PROTO_KEYS_JSON = '{"__proto__":"p","constructor":"c","prototype":"t","valueOf":"v"}';
const PROTO_KEYS = JSON.parse(PROTO_KEYS_JSON) as Record<string, string>;

const BY_PROTO_KEYS = {
  queues: [{ name: 'General' }, { name: 'Constructors' }, { name: 'Prototypes' }],
  rules: [
    { attribute: 'constructor', matches: '.', queue: 'Constructors' },
    { attribute: 'valueOf', matches: 'native', queue: 'Constructors' },
    { attribute: 'prototype', equals: 't', queue: 'Prototypes' },
  ],
  defaultQueue: 'General',
};

describe('own-property lookups (units)', () => {
  it('a routing rule on constructor, valueOf or prototype matches only sessions that sent it', () => {
    expect(chooseQueue(BY_PROTO_KEYS, {})).toBe('General');
    expect(chooseQueue(BY_PROTO_KEYS, { Other: 'x' })).toBe('General');
    expect(chooseQueue(BY_PROTO_KEYS, JSON.parse('{"constructor":"c"}'))).toBe('Constructors');
    expect(chooseQueue(BY_PROTO_KEYS, JSON.parse('{"prototype":"t"}'))).toBe('Prototypes');
  });

  it('{{routing.constructor}} renders "" when the session did not send it, its value when it did', () => {
    const values = { customerName: 'Ana', repName: 'Bot', queue: 'General', routingAttributes: {} };
    expect(fillPlaceholders('[{{routing.constructor}}][{{routing.valueOf}}][{{routing.hasOwnProperty}}]', values)).toBe('[][][]');
    expect(fillPlaceholders('[{{routing.constructor}}][{{routing.prototype}}]', { ...values, routingAttributes: JSON.parse(PROTO_KEYS_JSON) })).toBe('[c][t]');
  });

  it.each(['__proto__', 'valueOf', 'constructor', 'toString', 'hasOwnProperty'])('{{%s}} is refused when the script is checked, not at run time', (name) => {
    expect(unknownPlaceholder(`Hi {{${name}}}`)).toContain(`unknown placeholder {{${name}}}`);
    expect(fillPlaceholders(`Hi {{${name}}}`, { customerName: '', repName: '', queue: '', routingAttributes: {} })).toBe(`Hi {{${name}}}`);
  });

  it('the journal copy of a body keeps a __proto__ key as a key, whatever its value', () => {
    const copy = redactFields(JSON.parse('{"a":{"__proto__":{"polluted":1}},"__proto__":"x"}')) as Record<string, any>;
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe('{"a":{"__proto__":{"polluted":1}},"__proto__":"x"}');
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
    expect(copy.a.polluted).toBeUndefined();
  });

  it('an entry type named constructor has no event name', () => {
    expect(eventNameFor('constructor')).toBeUndefined();
    expect(eventNameFor('Message')).toBe('CONVERSATION_MESSAGE');
  });

  it('a scenario step named constructor is refused like any unknown step', () => {
    expect(parseSteps([{ constructor: {} }])).toEqual({ path: 'steps.0', message: expect.stringContaining('must be an object with exactly one of') });
  });

  it('the client refuses a transcript speaker named constructor like any unknown speaker', () => {
    const history = [{ speaker: 'constructor' as HistoryTurn['speaker'], text: 'hi', at: '2025-01-06T10:00:00Z' }];
    expect(() => buildTranscript({ summary: 's', history }, { maxChars: 1000, overflow: 'split' })).toThrow(/history\[0\]\.speaker must be one of customer, bot, agent, system, got "constructor"/);
  });

  it('the client refuses a channel named constructor like any unknown channel', () => {
    const session = { sessionId: 's-1', channel: 'constructor' as HandoffChannel, contact: { authenticated: false }, summary: '', history: [] };
    expect(() => extractRoutingAttributes(session)).toThrow(/session.channel must be one of web, whatsapp, sms, phone, email, got "constructor"/);
  });
});

describe('own-property lookups over HTTP', () => {
  const t = useSim();
  const create = async (token: string, routingAttributesJson: string) => {
    const conversationId = crypto.randomUUID();
    const r = await call(t.sim, 'POST', CREATE, { token, rawBody: `{"conversationId":"${conversationId}","esDeveloperName":"${t.sim.esDeveloperName}","routingAttributes":${routingAttributesJson}}` });
    return { conversationId, r };
  };

  it('__proto__, constructor, prototype and valueOf are stored, shown back, journaled and routed on like any other key', async () => {
    await putRouting(t.sim, BY_PROTO_KEYS);
    const { accessToken } = await getGuestToken(t.sim);
    const none = await create(accessToken, '{"Other":"x"}');
    expect(none.r.status, show(none.r)).toBe(201);
    expect((await recorded(t.sim, none.conversationId)).queue).toBe('General');

    const { conversationId, r } = await create(accessToken, PROTO_KEYS_JSON);
    expect(r.status, show(r)).toBe(201);
    const rec = await recorded(t.sim, conversationId);
    expect(rec.queue).toBe('Constructors');
    expect(Object.entries(rec.routingAttributes)).toEqual(Object.entries(PROTO_KEYS));
    expect(Object.hasOwn(rec.routingAttributes, '__proto__')).toBe(true);
    const journaled = rec.journal.find((j: any) => j.method === 'POST' && j.path === CREATE);
    expect(Object.entries(journaled.request.body.routingAttributes)).toEqual(Object.entries(PROTO_KEYS));

    const state = (await call(t.sim, 'GET', `${V1}/state`)).text;
    const imported = importState(JSON.parse(state)).conversations.find((c) => c.id === conversationId)!;
    expect(Object.entries(imported.sessions[0]!.routingAttributes)).toEqual(Object.entries(PROTO_KEYS));
  });

  it('a new messaging session takes __proto__ as a routing attribute too', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const { conversationId } = await create(accessToken, '{"Other":"x"}');
    const end = await call(t.sim, 'POST', `${V1}/conversations/${conversationId}/end-session`);
    expect(end.status, show(end)).toBe(200);
    const r = await call(t.sim, 'POST', `${CREATE}/${conversationId}/message`, {
      token: accessToken,
      rawBody: `{"message":{"id":"${crypto.randomUUID()}","messageType":"StaticContentMessage","staticContent":{"formatType":"Text","text":"again"}},"esDeveloperName":"${t.sim.esDeveloperName}","isNewMessagingSession":true,"routingAttributes":{"__proto__":"again"}}`,
    });
    expect(r.status, show(r)).toBe(202);
    const rec = await recorded(t.sim, conversationId);
    expect(rec.sessions).toHaveLength(2);
    expect(Object.entries(rec.routingAttributes)).toEqual([['__proto__', 'again']]);
  });

  it('a form response keeps a __proto__ field like any other, in the entry and through export and import', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const { conversationId } = await create(accessToken, '{}');
    // A form must be offered before it can be answered.
    const offer = await call(t.sim, 'POST', `${V1}/conversations/${conversationId}/messages`, { body: { message: { messageType: 'FormMessage', form: { formatType: 'Inputs' } } } });
    expect(offer.status, show(offer)).toBe(201);
    const form = '{"formatType":"Result","__proto__":{"answer":"proto"},"constructor":"c","plan":"pro"}';
    const r = await call(t.sim, 'POST', `${CREATE}/${conversationId}/message`, {
      token: accessToken,
      rawBody: `{"message":{"id":"${crypto.randomUUID()}","messageType":"FormResponseMessage","formResponse":${form}},"esDeveloperName":"${t.sim.esDeveloperName}"}`,
    });
    expect(r.status, show(r)).toBe(202);
    const entry = (await recorded(t.sim, conversationId)).entries.find((e: any) => e.entryPayload?.abstractMessage?.messageType === 'FormResponseMessage');
    expect(JSON.stringify(entry.entryPayload.abstractMessage.formResponse)).toBe(form);
    const state = JSON.parse((await call(t.sim, 'GET', `${V1}/state`)).text);
    const imported = importState(state).conversations.find((c) => c.id === conversationId)!;
    const content = imported.entries.find((e) => e.entryType === 'Message' && e.message.messageType === 'FormResponseMessage') as { message?: { formResponse?: unknown } } | undefined;
    expect(JSON.stringify(content?.message?.formResponse)).toBe(form);
  });

  it.each(['__proto__', 'constructor', 'Origin'])('an object under %s gets the same 400 as under any key, naming it', async (key) => {
    const { accessToken } = await getGuestToken(t.sim);
    const { r } = await create(accessToken, `{"${key}":{"polluted":"yes"}}`);
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toBe(`[miaw-sim] Invalid request body: routingAttributes.${key}: routing attribute values must be strings (numbers and booleans are accepted and turned into strings)`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a scripted rep says {{routing.constructor}} as "" without it and as its value with it; {{__proto__}} is refused with 400', async () => {
    await addRep(t.sim, { name: 'Bot', queues: ['Default'], script: [{ say: '[{{routing.constructor}}][{{routing.prototype}}]' }] });
    const { accessToken } = await getGuestToken(t.sim);
    for (const [json, said] of [['{"Other":"x"}', '[][]'], [PROTO_KEYS_JSON, '[c][t]']] as const) {
      const { conversationId } = await create(accessToken, json);
      await expect.poll(async () => (await recorded(t.sim, conversationId)).entries.find((e: any) => e.entryType === 'Message')?.entryPayload.abstractMessage.staticContent.text).toBe(said);
      await call(t.sim, 'POST', `${V1}/conversations/${conversationId}/close`);
    }
    for (const name of ['__proto__', 'valueOf']) {
      const r = await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Broken', queues: ['Default'], script: [{ say: `{{${name}}}` }] } });
      expect(r.status, show(r)).toBe(400);
      expect(r.body.message).toContain(`script.0.say: unknown placeholder {{${name}}}`);
    }
    expect((await sendMessage(t.sim, accessToken, (await create(accessToken, '{}')).conversationId, 'hi')).status).toBe(202);
  });
});
