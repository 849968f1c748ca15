import { cutText } from './cutText.ts';
import type { HandoffChannel, HandoffSession } from './types.ts';

export interface RoutingAttributeOptions {
  /**
   * More attributes: attribute name -> where its value comes from in the session.
   * `contact.<name>` reads the contact; `fields.<name>` and `session.fields.<name>` read `session.fields`;
   * `session.<name>` reads a session property (e.g. `session.language`) and falls back to
   * `session.fields.<name>`. Deeper paths (`contact.address.city`) walk nested objects.
   */
  extra?: Record<string, string>;
  /** `Priority` when the session gives none (handoff settings' priority rule); `Low` unless given. */
  priority?: string;
  /** More attributes with fixed values (handoff settings' attribute rules), added after `extra`. */
  set?: Record<string, string>;
}

/**
 * Salesforce hidden pre-chat fields hold at most 255 characters: every value is cut to that length
 * (at a character boundary) rather than having the conversation refused.
 */
export const ROUTING_ATTRIBUTE_MAX_LENGTH = 255;

const CHANNELS: Record<HandoffChannel, string> = { web: 'Web', whatsapp: 'WhatsApp', sms: 'SMS', phone: 'Phone', email: 'Email' };
const STANDARD = ['OpencxSessionId', 'Chat_Consumer_Type', 'Origin', 'Priority', 'Chat_language', 'Channel'];
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The routing attributes (pre-chat field values) a conversation is created with: the six standard
 * ones, the contact's name as Salesforce's standard pre-chat fields `_firstName` / `_lastName`,
 * then each `extra` mapping. All values are strings; a mapping whose value is missing (undefined,
 * null or empty) is left out.
 */
export function extractRoutingAttributes(session: HandoffSession, options: RoutingAttributeOptions = {}): Record<string, string> {
  if (typeof session.sessionId !== 'string' || !session.sessionId.trim()) {
    throw new TypeError('[miaw-handoff] session.sessionId is missing: it becomes the routing attribute OpencxSessionId.');
  }
  const attributes: Record<string, string> = {
    OpencxSessionId: session.sessionId,
    Chat_Consumer_Type: session.contact.authenticated ? 'Authenticated' : 'Non-Authenticated',
    Origin: 'MIABOT',
    Priority: session.priority?.trim() ? session.priority : options.priority?.trim() ? options.priority : 'Low',
    ...(session.language?.trim() ? { Chat_language: session.language } : {}),
    Channel: channelName(session.channel),
    ...nameFields(session.contact),
  };
  for (const [name, path] of Object.entries(options.extra ?? {})) {
    checkName(name, `mapped to "${path}"`);
    const value = stringify(resolve(session, name, path), name, path);
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  for (const [name, value] of Object.entries(options.set ?? {})) {
    checkName(name, 'set by a handoff settings attribute rule');
    if (value !== '') attributes[name] = value;
  }
  for (const [name, value] of Object.entries(attributes)) attributes[name] = cutText(value, ROUTING_ATTRIBUTE_MAX_LENGTH);
  return attributes;
}

/** Contact's FirstName and LastName lengths, which the standard pre-chat fields fill. */
const FIRST_NAME_MAX = 40;
const LAST_NAME_MAX = 80;

/**
 * The customer's name as the standard pre-chat fields: how a name reaches Salesforce (the identity
 * token carries only `sub`; see docs/fidelity.md). `contact.firstName` / `contact.lastName` when
 * given, else `contact.name` split at its first space (one word is a last name, as on a Contact).
 */
function nameFields(contact: HandoffSession['contact']): Record<string, string> {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '');
  let first = text(contact.firstName);
  let last = text(contact.lastName);
  if (!first && !last) {
    const name = text(contact.name);
    const space = name.indexOf(' ');
    [first, last] = space < 0 ? ['', name] : [name.slice(0, space), name.slice(space + 1)];
  }
  return {
    ...(first ? { _firstName: cutText(first, FIRST_NAME_MAX) } : {}),
    ...(last ? { _lastName: cutText(last, LAST_NAME_MAX) } : {}),
  };
}

function channelName(channel: HandoffChannel): string {
  const name = Object.hasOwn(CHANNELS, channel) ? CHANNELS[channel] : undefined;
  if (!name) throw new Error(`[miaw-handoff] session.channel must be one of ${Object.keys(CHANNELS).join(', ')}, got ${JSON.stringify(channel)}.`);
  return name;
}

/** Why `name` cannot be an extra routing attribute, completing "Routing attribute <name> ..."; undefined when it can. */
export function routingAttributeNameProblem(name: string): string | undefined {
  const standard = STANDARD.find((s) => s.toLowerCase() === name.toLowerCase());
  if (standard) return `would override the standard attribute ${standard}: give it another name`;
  if (!ATTRIBUTE_NAME.test(name)) return 'is not a pre-chat field API name (letters, digits and underscores, starting with a letter)';
  return undefined;
}

function checkName(name: string, origin: string): void {
  const problem = routingAttributeNameProblem(name);
  if (problem) throw new Error(`[miaw-handoff] Routing attribute "${name}" (${origin}) ${problem}.`);
}

/** Why `path` does not name a session value; undefined when it does. */
export function sessionPathProblem(path: string): string | undefined {
  const [root, ...rest] = path.split('.');
  if (!rest.length || rest.some((key) => key === '') || !['contact', 'fields', 'session'].includes(root!)) return 'must be contact.<field>, fields.<field> or session.<field>';
  return undefined;
}

/**
 * The value at `path` in the session (see `RoutingAttributeOptions.extra` for the paths), own
 * properties only; undefined when absent. The path must pass `sessionPathProblem`.
 */
export function readSessionPath(session: HandoffSession, path: string): unknown {
  const [root, ...rest] = path.split('.');
  if (root === 'contact') return walk(session.contact, rest);
  if (root === 'fields') return walk(session.fields, rest);
  const [first] = rest as [string];
  return Object.hasOwn(session, first) ? walk(session, rest) : walk(session.fields, rest);
}

function resolve(session: HandoffSession, name: string, path: string): unknown {
  if (sessionPathProblem(path)) return badPath(name, path);
  return readSessionPath(session, path);
}

function badPath(name: string, path: string): never {
  throw new Error(`[miaw-handoff] Routing attribute "${name}" has the path "${path}": use contact.<field>, fields.<field> or session.<field>.`);
}

/** Own properties only, so a path can never reach `__proto__`, `constructor` and the like. */
function walk(from: unknown, keys: string[]): unknown {
  let value = from;
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringify(value: unknown, name: string, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  throw new TypeError(`[miaw-handoff] Routing attribute "${name}" (path "${path}") is ${kind}; routing attributes are strings: map a field that holds a string, number or boolean.`);
}
