import { MatchersV3, type Matcher, type V3RegexMatcher } from '@pact-foundation/pact';

/**
 * Matchers for what may vary between runs and orgs, with fixed examples so the generated pact is
 * the same on every run. Regular expressions are anchored: Pact's regex matcher accepts a match
 * anywhere in the value otherwise.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const B64URL = '[A-Za-z0-9_-]+';
const JWT = `${B64URL}\\.${B64URL}\\.${B64URL}`;

/** A lower-case UUID: MIAW refuses upper-case conversation and message ids. */
export const lowerUuid = (example: string): V3RegexMatcher => MatchersV3.regex(`^${UUID}$`, example);

/** A compact JWS (header.payload.signature), whatever it is signed with. */
export const jwt = (example: string): V3RegexMatcher => MatchersV3.regex(`^${JWT}$`, example);

export const bearer = (token: string): V3RegexMatcher => MatchersV3.regex(`^Bearer ${JWT}$`, `Bearer ${token}`);

/** A Salesforce org id, 15 or 18 characters. */
export const orgId = (example: string): V3RegexMatcher => MatchersV3.regex('^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$', example);

/**
 * A path holding an id a provider state makes: any value matching `pattern` for the consumer; the
 * provider fills in the state's value (`expression`, such as `/x/${conversationId}`).
 */
export function providerStatePath(pattern: string, expression: string, example: string): Matcher<string> {
  const matcher = { 'pact:matcher:type': 'regex', regex: pattern, 'pact:generator:type': 'ProviderState', expression, value: example };
  return matcher as Matcher<string>;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A path holding the conversation id: any lower-case UUID for the consumer; the provider fills in
 * the id its `conversation C is open` state created (`${conversationId}`).
 */
export function conversationPath(suffix: string, exampleId: string): Matcher<string> {
  const base = '/iamessage/api/v2/conversation/';
  return providerStatePath(`^${base}${UUID}${escapeRegex(suffix)}$`, `${base}\${conversationId}${suffix}`, `${base}${exampleId}${suffix}`);
}

/**
 * A base URL the consumer's mock server answers with its own (`instance_url`: where the client
 * sends its next calls); for the provider, any http(s) origin without a path.
 */
export function mockServerUrl(example: string): Matcher<string> {
  const matcher = { 'pact:matcher:type': 'regex', regex: '^https?://[^/\\s]+()$', 'pact:generator:type': 'MockServerURL', value: example, example };
  return matcher as Matcher<string>;
}

/**
 * Rules for a string holding JSON text (MIAW's `entryPayload` on the event stream is a JSON
 * *string*, so Pact cannot match inside it structurally): it must be a string (a regex alone would
 * also pass an object whose JSON contains the text) and contain each literal fragment, in any order.
 */
export function jsonTextRules(text: string, fragments: string[]): Array<Matcher<string>> {
  for (const fragment of fragments) {
    if (!text.includes(fragment)) throw new Error(`[contracts] example ${text} lacks the fragment ${fragment}`);
  }
  const escaped = fragments.map(escapeRegex);
  const orders = permutations(escaped).map((order) => order.map((f) => `.*${f}`).join(''));
  return [MatchersV3.like(text), ...(fragments.length ? [MatchersV3.regex(`^\\{(?:${orders.join('|')}).*\\}$`, text)] : [])];
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A JWT-shaped example token (fixed, so the pact file does not change between runs). */
export function exampleJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${Buffer.from('example-signature').toString('base64url')}`;
}
