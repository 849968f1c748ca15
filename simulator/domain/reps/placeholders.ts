import type { Faker } from '@faker-js/faker';
import { ownValue } from '../../shared/ownValue.ts';

/**
 * `{{...}}` placeholders a scripted rep's text may use: the session's values and a small whitelist
 * of faker generators. Anything else is refused when the script is loaded, not when it runs.
 * Faker is loaded on first need (it costs start-up time a simulator without faker texts never pays).
 */
export interface PlaceholderValues {
  customerName: string;
  repName: string;
  queue: string;
  routingAttributes: Record<string, string>;
}

const FAKER: Record<string, (faker: Faker) => string> = {
  'faker.person.firstName': (f) => f.person.firstName(),
  'faker.person.lastName': (f) => f.person.lastName(),
  'faker.person.fullName': (f) => f.person.fullName(),
  'faker.company.name': (f) => f.company.name(),
  'faker.commerce.productName': (f) => f.commerce.productName(),
  'faker.location.city': (f) => f.location.city(),
  'faker.internet.email': (f) => f.internet.email(),
  'faker.phone.number': (f) => f.phone.number(),
  'faker.date.weekday': (f) => f.date.weekday(),
  'faker.lorem.sentence': (f) => f.lorem.sentence(),
  'faker.string.orderNumber': (f) => f.string.alphanumeric({ length: 8, casing: 'upper' }),
};

let faker: Faker | undefined;
let loading: Promise<void> | undefined;

/** Until faker is loaded, a text using it has to wait for this promise; `undefined` = fill it now. */
export function fakerPending(text: string): Promise<void> | undefined {
  if (faker || !/\{\{\s*faker\./.test(text)) return undefined;
  loading ??= import('@faker-js/faker/locale/en').then((m) => {
    faker = m.faker;
  });
  return loading;
}

const SESSION = ['customer.name', 'rep.name', 'queue.name'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ROUTING = /^routing\.([A-Za-z][A-Za-z0-9_]*)$/;

/** What may go between the braces, for error messages and the README. */
export const KNOWN_PLACEHOLDERS = [...SESSION, 'routing.<attribute>', ...Object.keys(FAKER)];

/** The first placeholder in `text` that is not known, with what to use instead; `undefined` when all are fine. */
export function unknownPlaceholder(text: string): string | undefined {
  for (const [, name = ''] of text.matchAll(PLACEHOLDER)) {
    if (!SESSION.includes(name) && !ROUTING.test(name) && !Object.hasOwn(FAKER, name)) {
      return `unknown placeholder {{${name}}}; use one of ${KNOWN_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`;
    }
  }
  return undefined;
}

/** `text` with its placeholders filled in (a routing attribute the session lacks becomes ""; faker ones need `fakerPending` settled). */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'customer.name') return values.customerName;
    if (name === 'rep.name') return values.repName;
    if (name === 'queue.name') return values.queue;
    const attribute = ROUTING.exec(name)?.[1];
    if (attribute !== undefined) return ownValue(values.routingAttributes, attribute) ?? '';
    const generate = ownValue(FAKER, name);
    return generate && faker ? generate(faker) : whole;
  });
}

/** Every string in a JSON value (a step's message: its text, option titles, form labels), keys left out. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A copy of a JSON value with `fill` applied to every string in it (`Object.fromEntries`: a "__proto__" key stays a key). */
export function fillEverywhere(value: unknown, fill: (text: string) => string): unknown {
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map((v) => fillEverywhere(v, fill));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillEverywhere(v, fill)]));
  return value;
}
