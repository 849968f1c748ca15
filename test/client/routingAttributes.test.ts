import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROUTING_ATTRIBUTE_MAX_LENGTH, extractRoutingAttributes } from '../../client/routingAttributes.ts';
import type { HandoffChannel, HandoffSession } from '../../client/types.ts';

const SESSION_ID = '3f1c2a8e-7d4b-4c1e-9a2f-0b6d5e4c3a21';

function session(overrides: Partial<HandoffSession> = {}): HandoffSession {
  return {
    sessionId: SESSION_ID,
    channel: 'web',
    language: 'fr',
    contact: { id: 'c-42', name: 'Ana Lima', email: 'ana@example.com', authenticated: true, tier: 'gold', visits: 7, vip: false, address: { city: 'Lyon' }, tags: ['a'] },
    summary: 's',
    history: [],
    fields: { plan: 'pro', seats: 12, language: 'de', orderedAt: new Date(Date.UTC(2024, 0, 2)), cart: { total: 3 }, none: null, blank: '' },
    ...overrides,
  };
}

describe('extractRoutingAttributes: the six standard attributes and the customer\'s name', () => {
  it('derives them from the session', () => {
    expect(extractRoutingAttributes(session())).toEqual({
      OpencxSessionId: SESSION_ID,
      Chat_Consumer_Type: 'Authenticated',
      Origin: 'MIABOT',
      Priority: 'Low',
      Chat_language: 'fr',
      Channel: 'Web',
      _firstName: 'Ana',
      _lastName: 'Lima',
    });
  });

  it.each([
    [{ name: 'Camille Martin' }, { _firstName: 'Camille', _lastName: 'Martin' }],
    [{ name: '  Jean-Luc   de la  Tour ' }, { _firstName: 'Jean-Luc', _lastName: 'de la Tour' }],
    [{ name: 'Cher' }, { _lastName: 'Cher' }],
    [{ name: 'Ignored Name', firstName: 'Mary Ann', lastName: 'Smith' }, { _firstName: 'Mary Ann', _lastName: 'Smith' }],
    [{ firstName: 'Noa' }, { _firstName: 'Noa' }],
  ])('sends the name %j as the standard pre-chat fields %j', (name, fields) => {
    const attributes = extractRoutingAttributes(session({ contact: { authenticated: true, ...name } }));
    expect({ _firstName: attributes._firstName, _lastName: attributes._lastName }).toEqual({ _firstName: undefined, _lastName: undefined, ...fields });
  });

  it.each([undefined, '', '   ', 42])('sends no name fields for the name %j', (name) => {
    const attributes = extractRoutingAttributes(session({ contact: { authenticated: false, name } as never }));
    expect(Object.keys(attributes).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it('cuts the names to the Contact field lengths (40 and 80)', () => {
    const attributes = extractRoutingAttributes(session({ contact: { authenticated: true, name: `${'F'.repeat(50)} ${'L'.repeat(90)}` } }));
    expect([attributes._firstName, attributes._lastName]).toEqual(['F'.repeat(40), 'L'.repeat(80)]);
  });

  it('marks an unverified contact Non-Authenticated, keeps a set priority and omits an absent language', () => {
    const attributes = extractRoutingAttributes(session({ contact: { authenticated: false }, priority: 'High', language: undefined }));
    expect(attributes).toMatchObject({ Chat_Consumer_Type: 'Non-Authenticated', Priority: 'High' });
    expect(attributes).not.toHaveProperty('Chat_language');
  });

  it.each([undefined, '', '  '])('uses Priority Low when the priority is %j', (priority) => {
    expect(extractRoutingAttributes(session({ priority })).Priority).toBe('Low');
  });

  it.each([
    ['web', 'Web'],
    ['whatsapp', 'WhatsApp'],
    ['sms', 'SMS'],
    ['phone', 'Phone'],
    ['email', 'Email'],
  ] as const)('names channel %s as %s', (channel, name) => {
    expect(extractRoutingAttributes(session({ channel })).Channel).toBe(name);
  });

  it('refuses an unknown channel', () => {
    expect(() => extractRoutingAttributes(session({ channel: 'fax' as HandoffChannel }))).toThrow(/session.channel must be one of web, whatsapp, sms, phone, email, got "fax"/);
  });

  it('refuses a session without a session id', () => {
    expect(() => extractRoutingAttributes(session({ sessionId: '' }))).toThrow(/session.sessionId is missing/);
  });
});

describe('extractRoutingAttributes: extra mappings', () => {
  it.each([
    ['contact.email', 'ana@example.com'],
    ['contact.tier', 'gold'],
    ['contact.visits', '7'],
    ['contact.vip', 'false'],
    ['contact.address.city', 'Lyon'],
    ['fields.plan', 'pro'],
    ['session.fields.plan', 'pro'],
    ['session.plan', 'pro'], // not a session property: read from session.fields
    ['session.fields.seats', '12'],
    ['session.language', 'fr'], // a session property wins over session.fields.language
    ['fields.language', 'de'],
    ['fields.orderedAt', '2024-01-02T00:00:00.000Z'],
  ])('resolves %s to %j', (path, value) => {
    expect(extractRoutingAttributes(session(), { extra: { Custom_Value: path } }).Custom_Value).toBe(value);
  });

  it.each(['contact.phone', 'contact.address.zip', 'fields.none', 'fields.blank', 'fields.plan.name', 'session.nothing'])('omits %s, whose value is missing', (path) => {
    expect(extractRoutingAttributes(session(), { extra: { Custom_Value: path } })).not.toHaveProperty('Custom_Value');
  });

  it('omits fields.* when the session has no fields', () => {
    expect(extractRoutingAttributes(session({ fields: undefined }), { extra: { Plan: 'fields.plan', Plan2: 'session.plan' } })).not.toHaveProperty('Plan');
  });

  it.each(['contact.constructor', 'contact.__proto__', 'fields.toString', 'session.hasOwnProperty', 'contact.email.length'])(
    'never reads inherited properties (%s)',
    (path) => {
      expect(extractRoutingAttributes(session(), { extra: { Custom_Value: path } })).not.toHaveProperty('Custom_Value');
    },
  );

  it.each([
    ['contact.address', 'an object'],
    ['contact.tags', 'an array'],
    ['fields.cart', 'an object'],
    ['session.history', 'an array'],
    ['session.contact', 'an object'],
  ])('refuses %s, which is %s, naming the attribute and the path', (path, kind) => {
    expect(() => extractRoutingAttributes(session(), { extra: { Shipping: path } })).toThrow(TypeError);
    expect(() => extractRoutingAttributes(session(), { extra: { Shipping: path } })).toThrow(`Routing attribute "Shipping" (path "${path}") is ${kind}`);
  });

  it.each(['email', 'user.email', 'contact.', 'contact..email', 'fields', ''])('refuses the path %j, naming the attribute', (path) => {
    expect(() => extractRoutingAttributes(session(), { extra: { Contact_Email: path } })).toThrow(`Routing attribute "Contact_Email" has the path "${path}"`);
  });

  it.each(['OpencxSessionId', 'Chat_Consumer_Type', 'Origin', 'Priority', 'Chat_language', 'Channel', 'origin', 'CHANNEL'])(
    'refuses an extra mapping named %s, which would override a standard attribute',
    (name) => {
      expect(() => extractRoutingAttributes(session(), { extra: { [name]: 'contact.tier' } })).toThrow(new RegExp(`Routing attribute "${name}" .*would override the standard attribute`));
    },
  );

  it.each(['Has Space', '1st', 'dash-ed', ''])('refuses the attribute name %j', (name) => {
    expect(() => extractRoutingAttributes(session(), { extra: { [name]: 'contact.tier' } })).toThrow(/is not a pre-chat field API name/);
  });
});

describe('extractRoutingAttributes: the 255-character limit of hidden pre-chat fields', () => {
  it('cuts every value to 255 characters, never inside a surrogate pair', () => {
    const attributes = extractRoutingAttributes(
      session({ priority: 'P'.repeat(300), contact: { authenticated: true, note: `${'n'.repeat(254)}🙂tail` } }),
      { extra: { Note: 'contact.note' } },
    );
    expect(ROUTING_ATTRIBUTE_MAX_LENGTH).toBe(255);
    expect(attributes.Priority).toBe('P'.repeat(255));
    expect(attributes.Note).toBe('n'.repeat(254));
  });

  it('returns only strings of at most 255 characters, whatever scalar values the fields hold', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 400 }), fc.integer(), fc.double(), fc.boolean(), fc.bigInt(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), scalar), fc.string({ maxLength: 400 }), (fields, language) => {
        const extra = Object.fromEntries(Object.keys(fields).map((key) => [`F_${key}`, `fields.${key}`]));
        const attributes = extractRoutingAttributes(session({ fields, language }), { extra });
        for (const value of Object.values(attributes)) {
          expect(typeof value).toBe('string');
          expect(value.length).toBeLessThanOrEqual(255);
        }
        for (const [key, value] of Object.entries(fields)) {
          const expected = value === null || value === undefined || value === '' ? undefined : String(value).slice(0, 255);
          expect(attributes[`F_${key}`]).toBe(expected);
        }
      }),
    );
  });
});
