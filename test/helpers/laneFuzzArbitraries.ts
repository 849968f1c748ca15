import fc from 'fast-check';

// fast-check arbitraries of adversarial HTTP/1.1 requests to the MIAW data plane, as templates: the
// per-target values (`{TOKEN}`, `{CONV}` and its upper-case and %-escaped spellings, `{NEWID}`, `{IDENTITY}`) are filled in for
// each path it is sent to (test/simulator/laneFuzz.test.ts), so both paths see requests of the same
// shape against state of the same shape. A body is latin1 text: one character a byte.

const API = '/iamessage/api/v2';
const ORG = '00DSIM000000001';
const DEV = 'Sim_Web';
export const LIMIT = 1024 * 1024;

/** A request before its per-target values are filled in. */
export interface RequestTemplate {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string | undefined;
  framing: Framing;
  /** HTTP/1.1 or HTTP/1.0; `absolute`: the target in absolute form (`http://host/path`). */
  version: '1.1' | '1.0';
  absolute: boolean;
  /** Sent in one write with the next request on the connection (pipelined), not before it. */
  pipelined: boolean;
}

type Framing = 'length' | 'none' | 'chunked' | 'chunked+length' | 'short' | 'long' | 'dup-same' | 'dup-diff' | 'not-a-number';

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const json = (value: unknown) => utf8(JSON.stringify(value));
const message = (id: string) => ({ esDeveloperName: DEV, message: { id, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'héllo' } } });

/** The data plane's operations (the hot lane's and a few it leaves to express), each with a valid body where it takes one. */
const ROUTES: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'POST', path: `${API}/authorization/unauthenticated/access-token`, body: { orgId: ORG, esDeveloperName: DEV, capabilitiesVersion: '1', platform: 'Web' } },
  { method: 'POST', path: `${API}/authorization/authenticated/access-token`, body: { orgId: ORG, esDeveloperName: DEV, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: '{IDENTITY}' } },
  { method: 'POST', path: `${API}/conversation`, body: { conversationId: '{NEWID}', esDeveloperName: DEV, routingAttributes: { tier: 2 } } },
  { method: 'POST', path: `${API}/conversation/{ID}/message`, body: message('{NEWID}') },
  { method: 'POST', path: `${API}/conversation/{ID}/entry`, body: { entryType: 'TypingStartedIndicator' } },
  { method: 'POST', path: `${API}/conversation/{ID}/acknowledge-entries`, body: { acks: [{ entryType: 'Delivery', conversationEntryId: '{NEWID}' }] } },
  { method: 'GET', path: `${API}/conversation/{ID}/entries` },
  { method: 'GET', path: `${API}/conversation/list` },
  { method: 'GET', path: `${API}/conversation/{ID}` },
  { method: 'DELETE', path: `${API}/conversation/{ID}` },
  { method: 'DELETE', path: `${API}/conversation/{ID}/session` },
  { method: 'DELETE', path: `${API}/authorization/authenticated/access-token` },
  { method: 'GET', path: `${API}/authorization/continuation-access-token` },
  { method: 'GET', path: '/eventrouter/v1/sse' },
  { method: 'GET', path: '/embeddedservice/v1/embedded-service-config' },
  { method: 'GET', path: '/embeddedservice/v1/businesshours' },
  { method: 'GET', path: `${API}/conversation/{ID}/transcript` },
  { method: 'POST', path: `${API}/conversation/{ID}/file`, body: message('{NEWID}') },
  { method: 'GET', path: `${API}/nowhere` },
  { method: 'GET', path: '/iamessage' },
];

const ID = fc.constantFrom('{CONV}', '{CONV}', '{CONV}', '{CONV}', '{CONV}', '{CONV_UPPER}', '{CONV_PCT}', '{CONV}%2F', '{CONV}%00', '{NEWID}', 'NOT-A-UUID', '', '0b6a3c1e-8f2d-4e7a-9c5b-1d2e3f4a5b6c', 'a'.repeat(300), '%2F', '..', '{CONV}%20', '__proto__');
const METHOD = fc.oneof({ weight: 14, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'FOO', 'get', 'PROPFIND') });

/** Where in `text` a change may go: never inside a `{PLACEHOLDER}`. */
function outsidePlaceholders(text: string, at: number): number {
  let i = Math.min(at, text.length);
  for (let open = text.lastIndexOf('{', i - 1); open >= 0 && text.indexOf('}', open) >= i; open = text.lastIndexOf('{', i - 1)) i = open;
  return i;
}

const PATH_INSERTS = ['%2F', '%2f', '%00', '%25', '%', '%zz', '/', '//', '.', '..', ';x', '%41', 'a'.repeat(5000), '\u00e9'];
/** One change to a path: a character %-escaped or upper-cased, something inserted, a slash doubled or added. */
const PATH_MUTATION: fc.Arbitrary<(path: string) => string> = fc.oneof(
  { weight: 8, arbitrary: fc.constant((p: string) => p) },
  fc.tuple(fc.nat(), fc.constantFrom(...PATH_INSERTS)).map(([at, insert]) => (p: string) => {
    const i = outsidePlaceholders(p, at % (p.length + 1));
    return p.slice(0, i) + utf8(insert) + p.slice(i);
  }),
  fc.tuple(fc.nat(), fc.boolean()).map(([at, lower]) => (p: string) => {
    const i = outsidePlaceholders(p, (at % p.length) + 1) - 1;
    if (i < 0 || p[i] === '}') return p;
    const hex = p.charCodeAt(i).toString(16).padStart(2, '0');
    return `${p.slice(0, i)}%${lower ? hex : hex.toUpperCase()}${p.slice(i + 1)}`;
  }),
  fc.constant((p: string) => p.replace(/[a-z]+/, (w) => w.toUpperCase())),
  fc.constant((p: string) => `${p}/`),
  fc.constant((p: string) => `/${p}`),
  fc.constant((p: string) => p.replace(/\/(?=[^/]*$)/, '//')),
);

const QUERY_KEY = fc.constantFrom('limit', 'direction', 'inclClosedConvs', 'orgId', 'esConfigName', 'esDeveloperName', 'language', 'startTimestamp', 'a[]', 'a[b]', '__proto__', 'constructor', 'constructor[prototype][polluted]', '__proto__[polluted]', '', 'x');
const QUERY_VALUE = fc.constantFrom('', '1', '0', '-1', '10000', 'true', 'FromStart', 'FromEnd', ORG, DEV, '%', '%zz', '%E0%A4%A', '%00', '+', 'a+b', 'x'.repeat(4000), '1e999', 'polluted');
const QUERY = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 4, arbitrary: fc.array(fc.tuple(QUERY_KEY, QUERY_VALUE, fc.boolean()), { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v, eq]) => (eq || v !== '' ? `${k}=${v}` : k)).join('&')}`) },
  { weight: 1, arbitrary: fc.constantFrom('?', '??', '?&&', `?orgId=${ORG}&orgId=${ORG}`, `?orgId=${ORG}&esConfigName=${DEV}`, '?#frag', '?a=%ZZ&b') },
);

const CONTENT_TYPES = ['application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"', 'application/json ; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json;', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', '', 'application/jsonx'];
const AUTHORIZATION = ['Bearer {TOKEN}', 'bearer {TOKEN}', 'BEARER {TOKEN}', 'Bearer  {TOKEN}', 'Bearer {TOKEN} {TOKEN}', 'Bearer', 'Bearer ', '', 'Basic dXNlcjpwYXNz', 'Bearer {TOKEN}x', 'Bearer\t{TOKEN}', 'Bearer {TOKEN},Bearer {TOKEN}', 'Token {TOKEN}'];
const OPTIONAL_HEADERS: Array<fc.Arbitrary<Array<[string, string]>>> = [
  fc.constantFrom(...CONTENT_TYPES).map((v) => [['Content-Type', v]]),
  fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...CONTENT_TYPES)).map(([a, b]) => [['Content-Type', a], ['Content-Type', b]]),
  fc.constantFrom(...AUTHORIZATION).map((v) => [['Authorization', v]]),
  fc.tuple(fc.constantFrom(...AUTHORIZATION), fc.constantFrom(...AUTHORIZATION)).map(([a, b]) => [['Authorization', a], ['authorization', b]]),
  fc.constantFrom('http://localhost:3000', 'http://evil.example', 'null', '').map((v) => [['Origin', v]]),
  fc.constantFrom('POST', 'GET', 'DELETE', 'FOO', '').map((v) => [['Access-Control-Request-Method', v]]),
  fc.constantFrom('authorization, content-type', 'X-Custom', '', 'a'.repeat(300)).map((v) => [['Access-Control-Request-Headers', v]]),
  fc.constantFrom('100-continue', '100-Continue', 'something-else').map((v) => [['Expect', v]]),
  fc.constantFrom<Array<[string, string]>>([['If-None-Match', '*']], [['If-None-Match', '"x"']], [['If-Modified-Since', 'Thu, 01 Jan 2099 00:00:00 GMT']]),
  fc.constantFrom('gzip', 'identity', 'br').map((v) => [['Content-Encoding', v]]),
  fc.constantFrom('close', 'keep-alive', 'upgrade').map((v) => [['Connection', v]]),
  fc.constantFrom(ORG, '', 'x').map((v) => [['X-Org-Id', v]]),
  fc.constantFrom('0', 'abc', '99999999999999999999').map((v) => [['Last-Event-Id', v]]),
  fc.constant([['Host', 'evil.example']]),
];
type HeaderLines = Array<[string, string]>;
const HEADERS: fc.Arbitrary<HeaderLines> = fc.subarray(OPTIONAL_HEADERS.map((_, i) => i), { maxLength: 3 }).chain((picked) => (picked.length === 0 ? fc.constant<HeaderLines>([]) : fc.tuple(...picked.map((i) => OPTIONAL_HEADERS[i]!)).map((lists) => lists.flat())));

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** The route's body as sent, or something else in its place. */
const bodyFor = (valid: unknown): fc.Arbitrary<string | undefined> => {
  const text = valid === undefined ? '{}' : json(valid);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(valid === undefined ? undefined : text) },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        '', '   \n', '{"a":', '{', 'null', '"just a string"', '123', 'true', '[]', '{}',
        `\u00ef\u00bb\u00bf${text}`, `${text.slice(0, -1)},"x":"\u00ff\u00fe"}`, `{"text":"\u00c3\u0028"}`,
        deep(30), deep(64), deep(65), deep(2000), `{"a":${'{"a":'.repeat(70)}1${'}'.repeat(71)}`,
        `${text.slice(0, -1)},"n":1e999}`, `${text.slice(0, -1)},"n":123456789012345678901234567890}`, '{"n":-0}',
        `{"__proto__":{"polluted":"yes"},${text.slice(1)}`, `{"constructor":{"prototype":{"polluted":"yes"}},${text.slice(1)}`,
        `${text.slice(0, -1)},"prototype":{"polluted":"yes"}}`, '[{"__proto__":{"polluted":"yes"}}]',
        'a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(LIMIT - text.length, LIMIT - text.length + 1).map((pad) => `${text.slice(0, -1)}${' '.repeat(Math.max(0, pad))}}`) },
  );
};

const FRAMING = fc.oneof(
  { weight: 24, arbitrary: fc.constant<Framing>('length') },
  { weight: 4, arbitrary: fc.constantFrom<Framing>('none', 'chunked', 'chunked+length', 'short', 'dup-same', 'dup-diff', 'not-a-number') },
  { weight: 1, arbitrary: fc.constant<Framing>('long') },
);

/** Mostly a plain HTTP/1.1 request line, sent on its own. */
const LINE = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ version: '1.1' as const, absolute: false, pipelined: false }) },
  { weight: 3, arbitrary: fc.record({ version: fc.constantFrom('1.1' as const, '1.0' as const), absolute: fc.boolean(), pipelined: fc.boolean() }) },
);

/** An adversarial request to one of the data plane's operations. */
export const requestTemplate: fc.Arbitrary<RequestTemplate> = fc
  .record({ route: fc.constantFrom(...ROUTES), id: ID, method: METHOD, mutate: PATH_MUTATION, query: QUERY, headers: HEADERS, framing: FRAMING, json: fc.nat(4).map((n) => n > 0), auth: fc.nat(9).map((n) => n > 0), line: LINE })
  .chain(({ route, id, method, mutate, query, headers, framing, json: typed, auth, line }) =>
    bodyFor(route.body).map((body): RequestTemplate => {
      const defaults: Array<[string, string]> = [];
      if (auth && !headers.some(([n]) => n === 'Authorization')) defaults.push(['Authorization', 'Bearer {TOKEN}']);
      if (route.path.startsWith('/eventrouter') && !headers.some(([n]) => n === 'X-Org-Id')) defaults.push(['X-Org-Id', ORG]);
      if (typed && body !== undefined && !headers.some(([n]) => n === 'Content-Type')) defaults.push(['Content-Type', 'application/json']);
      const withQuery = route.method === 'GET' && route.path.startsWith('/embeddedservice') && query === '' ? `?orgId=${ORG}&esConfigName=${DEV}` : query;
      return { method: method ?? route.method, target: mutate(route.path.replace('{ID}', id)) + withQuery, headers: [...defaults, ...headers], body, framing, ...line };
    }),
  );

/**
 * The request's bytes: the request line, Host, the headers, the framing `framing` asks for, and the
 * body; `leftover`, what its framing leaves out of it (an unframed body, the end of one cut short),
 * which the server reads as the start of a next request.
 */
export function requestBytes(t: RequestTemplate, host: string): { request: Buffer; leftover: Buffer } {
  const lines = [`${t.method} ${t.absolute ? `http://${host}` : ''}${t.target} HTTP/${t.version}`];
  if (!t.headers.some(([n]) => n === 'Host')) lines.push(`Host: ${host}`);
  for (const [name, value] of t.headers) lines.push(`${name}: ${value}`);
  const body = t.body === undefined ? '' : t.body;
  const length = body.length;
  let payload = body;
  const chunked = () => (length === 0 ? '0\r\n\r\n' : `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
  switch (t.body === undefined && t.framing !== 'chunked' ? 'none' : t.framing) {
    case 'length': lines.push(`Content-Length: ${length}`); break;
    case 'chunked': lines.push('Transfer-Encoding: chunked'); payload = chunked(); break;
    case 'chunked+length': lines.push('Transfer-Encoding: chunked', `Content-Length: ${length}`); payload = chunked(); break;
    case 'short': lines.push(`Content-Length: ${Math.max(0, length - 3)}`); break;
    case 'long': lines.push(`Content-Length: ${length + 5}`); break;
    case 'dup-same': lines.push(`Content-Length: ${length}`, `Content-Length: ${length}`); break;
    case 'dup-diff': lines.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`); break;
    case 'not-a-number': lines.push('Content-Length: 1x'); break;
    case 'none': break;
  }
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n${payload}`, 'latin1');
  const framed = t.framing === 'none' ? bytes.length - length : t.framing === 'short' ? bytes.length - Math.min(3, length) : bytes.length;
  return { request: bytes.subarray(0, framed), leftover: bytes.subarray(framed) };
}
