import fc from 'fast-check';
import { isLowerCaseUuid, normalizeSalesforceId } from '../../simulator/shared/ids.ts';
import { API, type Fixture } from './badInput.ts';
import { tampered, unsigned } from './forgedTokens.ts';
import { textMessage } from './sim.ts';

/**
 * fast-check arbitraries of bad MIAW requests. Every value they make is invalid by construction
 * (a lower-case UUID is never "not a UUID", `Sim_Web` never "another deployment"), so any answer
 * other than a 4xx, or any change of state, is a finding.
 */

export const ORG = '00DSIM000000001';
export const DEV = 'Sim_Web';
/** Marks a field to delete instead of set. */
export const REMOVE = Symbol('remove');

const ascii = (max: number, min = 0) => fc.string({ minLength: min, maxLength: max });
const text = (max: number) => fc.oneof(ascii(max), fc.string({ unit: 'grapheme', maxLength: max }));
/** Anything JSON but a string. */
export const notString = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(ascii(6), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }));
const notObject = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text(20), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }));
const notBoolean = fc.oneof(fc.integer(), text(10), fc.constant(null), fc.array(fc.boolean(), { maxLength: 2 }), fc.dictionary(ascii(4), fc.boolean(), { maxKeys: 2 }));
const stringOtherThan = (...allowed: string[]) => fc.oneof(notString, text(40).filter((s) => !allowed.includes(s)));
const required = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(REMOVE));
export const notLowerUuid = fc.oneof(
  notString,
  text(50).filter((s) => !isLowerCaseUuid(s)),
  fc.uuid().map((u) => u.toUpperCase()).filter((u) => !isLowerCaseUuid(u)),
  fc.tuple(fc.uuid(), fc.constantFrom(' ', 'a', '-0', '\n', '}')).map(([u, extra]) => `${u}${extra}`),
);
/** Routing attributes of the wrong shape: not an object, or a value that is an object or list. */
const badRoutingAttributes = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text(20), fc.array(text(5), { minLength: 1, maxLength: 3 })),
  fc.record({ Origin: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }), fc.dictionary(ascii(4), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })) }),
);
/** Longer than the pre-chat field: refused where a session is routed (create), ignored on a message in an active session. */
const tooLongRoutingAttributes = fc.record({ Origin: ascii(300, 256) });

type Mutation = [path: Array<string | number>, value: fc.Arbitrary<unknown>];

/** A JSON endpoint: its valid body and, per field, values that make it invalid. */
export interface JsonTarget {
  name: string;
  path: (f: Fixture) => string;
  /** Sent with the fixture's access token? */
  auth: boolean;
  template: (f: Fixture) => Record<string, unknown>;
  mutations: Mutation[];
}

const tokenRequest = () => ({ orgId: ORG, esDeveloperName: DEV, capabilitiesVersion: '1', platform: 'Web' });
const tokenMutations: Mutation[] = [
  [['orgId'], required(fc.oneof(notString, text(20).filter((s) => normalizeSalesforceId(s) !== ORG)))],
  [['esDeveloperName'], required(stringOtherThan(DEV))],
  [['capabilitiesVersion'], required(fc.oneof(notString, fc.constant('')))],
  [['platform'], required(fc.oneof(notString, fc.constant('')))],
  [['deviceId'], notString],
  [['language'], notString],
  [['context'], fc.oneof(fc.integer(), text(10), fc.array(fc.integer(), { maxLength: 2 }))],
];
const conv = (suffix: string) => (f: Fixture) => `${API}/conversation/${f.id}${suffix}`;

export const JSON_TARGETS: JsonTarget[] = [
  { name: 'guest token', path: () => `${API}/authorization/unauthenticated/access-token`, auth: false, template: tokenRequest, mutations: tokenMutations },
  {
    name: 'verified token',
    path: () => `${API}/authorization/authenticated/access-token`,
    auth: false,
    template: () => ({ ...tokenRequest(), authorizationType: 'JWT', customerIdentityToken: 'replaced-below' }),
    mutations: [...tokenMutations, [['authorizationType'], required(stringOtherThan('JWT'))], [['customerIdentityToken'], required(fc.oneof(notString, fc.constant('')))]],
  },
  {
    name: 'create',
    path: () => `${API}/conversation`,
    auth: true,
    template: () => ({ conversationId: crypto.randomUUID(), esDeveloperName: DEV, routingAttributes: { Origin: 'Web' } }),
    mutations: [[['conversationId'], required(notLowerUuid)], [['esDeveloperName'], required(stringOtherThan(DEV))], [['routingAttributes'], fc.oneof(badRoutingAttributes, tooLongRoutingAttributes)], [['language'], notString]],
  },
  {
    name: 'message',
    path: conv('/message'),
    auth: true,
    template: () => ({ esDeveloperName: DEV, message: textMessage('hello') }),
    mutations: [
      [['esDeveloperName'], required(stringOtherThan(DEV))],
      [['message'], required(notObject)],
      [['message', 'id'], required(notLowerUuid)],
      [['message', 'messageType'], required(stringOtherThan('StaticContentMessage', 'ChoicesResponseMessage', 'FormResponseMessage'))],
      [['message', 'staticContent'], required(notObject)],
      [['message', 'staticContent', 'formatType'], required(notString)],
      [['message', 'staticContent', 'text'], fc.oneof(notString, ascii(1200, 1001))],
      [['message', 'inReplyToMessageId'], notString],
      [['message', 'choicesResponse'], notObject],
      [['message', 'formResponse'], fc.oneof(fc.integer(), text(10), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }))],
      [['isNewMessagingSession'], notBoolean],
      [['routingAttributes'], badRoutingAttributes],
      [['language'], notString],
    ],
  },
  {
    name: 'typing',
    path: conv('/entry'),
    auth: true,
    template: () => ({ entryType: 'TypingStartedIndicator' }),
    mutations: [[['entryType'], required(stringOtherThan('TypingStartedIndicator', 'TypingStoppedIndicator'))], [['id'], notLowerUuid]],
  },
  {
    name: 'acks',
    path: conv('/acknowledge-entries'),
    auth: true,
    template: (f) => ({ acks: [{ id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: f.messageId }] }),
    mutations: [
      [['acks'], required(fc.oneof(notString.filter((v) => !Array.isArray(v)), text(10), fc.constant([])))],
      [['acks', 0], notObject],
      [['acks', 0, 'entryType'], required(stringOtherThan('Delivery', 'Read'))],
      [['acks', 0, 'conversationEntryId'], required(fc.oneof(notString, text(40)))],
      [['acks', 0, 'id'], notLowerUuid],
    ],
  },
];

/** A copy of `body` with the value at `path` set (or removed). */
export function mutate(body: Record<string, unknown>, path: Array<string | number>, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: any = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path.at(-1)!;
  if (value === REMOVE) delete at[last];
  else at[last] = value;
  return copy;
}

export const targetNamed = (name: string): JsonTarget => JSON_TARGETS.find((t) => t.name === name)!;
/** A JSON target by name (names print well in a counterexample; the targets themselves do not). */
export const jsonTargetName = fc.constantFrom(...JSON_TARGETS.map((t) => t.name));

/** One target (by name) and one invalid field value for it. */
export const mutatedBody = fc.oneof(...JSON_TARGETS.map((target) => fc.oneof(...target.mutations.map(([path, value]) => value.map((v) => ({ target: target.name, path, value: v }))))));

/** Whole bodies that are not a request at all: JSON that is not an object, text that is not JSON, or an object of random keys. */
export const junkBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.dictionary(text(12), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((v) => JSON.stringify(v)),
);

/** Authorization headers of tokens the simulator never issued, or not bearer tokens at all. Built from a real token where useful. */
export function forgedAuthorization(real: string): fc.Arbitrary<string | { resignWith: Uint8Array }> {
  const claims = fc.dictionary(fc.constantFrom('sub', 'orgId', 'esDeveloperName', 'exp', 'iat', 'jti', 'jwtId', 'apiVersion', 'authMode', 'iss', 'aud', 'issuedAtMs'), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 });
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url');
  const lastSignatureChar = real.length - 1; // its low bits are padding: changing it may not change the signature
  return fc.oneof(
    fc.stringMatching(/^[\x21-\x7e]{1,300}$/).map((t) => `Bearer ${t}`),
    fc.tuple(fc.constantFrom('Basic', 'Token', 'JWT', 'Bearer:', 'Bearer', ''), fc.stringMatching(/^[\x21-\x7e]{0,60}$/)).map(([scheme, t]) => `${scheme} ${t}`.trim()),
    fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), fc.base64String({ maxLength: 60 })).map(([h, p, s]) => `Bearer ${b64(h)}.${b64(p)}.${s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`),
    claims.map((change) => tampered(real, change)).filter((t) => t !== real).map((t) => `Bearer ${t}`),
    claims.map((change) => `Bearer ${unsigned(tampered(real, change))}`),
    fc.tuple(fc.nat({ max: lastSignatureChar - 1 }), fc.constantFrom(...'AZaz09-_')).filter(([i, c]) => real[i] !== c && real[i] !== '.').map(([i, c]) => `Bearer ${real.slice(0, i)}${c}${real.slice(i + 1)}`),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((resignWith) => ({ resignWith })),
  );
}

/** Conversation ids that are not the caller's open conversation: malformed, unknown, upper-cased, another end user's, percent-garbled. */
export function badConversationId(f: Fixture, closedIsBad: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s !== 'list' && !isLowerCaseUuid(s)).map(encodeURIComponent),
    fc.uuid(),
    fc.constantFrom(f.id.toUpperCase(), `${f.id}0`, f.othersId, f.id.slice(1), ...(closedIsBad ? [f.closedId] : [])),
    fc.stringMatching(/^([a-z0-9-]|%[0-9A-Fa-f]{0,2}){1,40}$/).filter((s) => s !== 'list' && !isLowerCaseUuid(s)),
    fc.integer({ min: 2000, max: 4000 }).map((n) => 'x'.repeat(n)),
  );
}
