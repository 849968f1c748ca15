import { describe, expect, it } from 'vitest';
import { API, conv, expectRefusal, fixture, send, withDev, type Fixture, type Row } from '../helpers/badInput.ts';
import { call, recorded, sendMessage, show, stateSnapshot, textMessage, tokenRequestBase, useSim } from '../helpers/sim.ts';

const UUID_TEXT = 'Specify the conversationId in UUID format. The UUID must be in lowercase.';
const UNKNOWN = crypto.randomUUID();
const UPPER = crypto.randomUUID().toUpperCase();

const unknownId = () => UNKNOWN;
const closed = (f: Fixture) => f.closedId;
const others = (f: Fixture) => f.othersId;
const msg = (f: Fixture, message: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ esDeveloperName: f.dev, message: { ...textMessage('bad batch'), ...message }, ...extra });
const create = (f: Fixture, extra: Record<string, unknown> = {}) => ({ conversationId: crypto.randomUUID(), esDeveloperName: f.dev, ...extra });
const ack = (f: Fixture, extra: Record<string, unknown> = {}) => ({ acks: [{ id: crypto.randomUUID(), entryType: 'Read', conversationEntryId: f.messageId, ...extra }] });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function form(entry: unknown, file: { field?: string; name?: string } | null = {}): (f: Fixture) => FormData {
  return (f) => {
    const data = new FormData();
    if (entry !== undefined) data.append('messageEntry', typeof entry === 'string' ? entry : JSON.stringify(entry === null ? { esDeveloperName: f.dev, message: { id: crypto.randomUUID() } } : entry));
    if (file) data.append(file.field ?? 'fileData', new Blob(['file body'], { type: 'text/plain' }), file.name ?? 'a.txt');
    return data;
  };
}

const TOKEN = `${API}/authorization/unauthenticated/access-token`;
const rows: Row[] = [
  // authorization and the event stream
  { name: 'guest token: malformed JSON', status: 400, method: 'POST', path: () => TOKEN, raw: '{"orgId":', auth: null },
  { name: 'guest token: body is an array', status: 400, method: 'POST', path: () => TOKEN, raw: '[]', auth: null },
  { name: 'guest token: orgId is a number', status: 400, method: 'POST', path: () => TOKEN, json: (f) => ({ ...tokenRequestBase(f.sim), orgId: 15 }), auth: null },
  { name: 'guest token: platform missing', status: 400, method: 'POST', path: () => TOKEN, json: (f) => ({ ...tokenRequestBase(f.sim), platform: undefined }), auth: null },
  { name: 'verified token: customerIdentityToken missing', status: 400, method: 'POST', path: () => `${API}/authorization/authenticated/access-token`, json: (f) => ({ ...tokenRequestBase(f.sim), authorizationType: 'JWT' }), auth: null },
  { name: 'continuation: no Authorization', status: 401, method: 'GET', path: () => `${API}/authorization/continuation-access-token`, auth: null },
  { name: 'continuation: token is not a JWT', status: 401, method: 'GET', path: () => `${API}/authorization/continuation-access-token`, auth: 'Bearer not-a-jwt' },
  { name: 'revoke: no Authorization', status: 401, method: 'DELETE', path: () => `${API}/authorization/authenticated/access-token`, auth: null },
  { name: 'event stream: no Authorization', status: 401, method: 'GET', path: () => '/eventrouter/v1/sse', auth: null },
  { name: 'event stream: no X-Org-Id', status: 400, method: 'GET', path: () => '/eventrouter/v1/sse' },
  // create conversation
  { name: 'create: malformed JSON', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '{"conversationId": "' },
  { name: 'create: body is null', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: 'null' },
  { name: 'create: body is a string', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '"hello"' },
  { name: 'create: body is an array', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '[]' },
  { name: 'create: empty object', status: 400, method: 'POST', path: () => `${API}/conversation`, json: () => ({}) },
  { name: 'create: conversationId is a number', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { conversationId: 42 }) },
  { name: 'create: esDeveloperName missing', status: 400, method: 'POST', path: () => `${API}/conversation`, json: () => ({ conversationId: crypto.randomUUID() }) },
  { name: 'create: esDeveloperName of another deployment', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { esDeveloperName: 'Other_Deployment' }) },
  { name: 'create: upper-case conversationId', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { conversationId: UPPER }), message: UUID_TEXT },
  { name: 'create: routingAttributes is a string', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { routingAttributes: 'Origin=Web' }) },
  { name: 'create: routing attribute is an object', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { routingAttributes: { Origin: { v: 7 } } }), message: 'routingAttributes.Origin' },
  { name: 'create: routing attribute over maxLength', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { routingAttributes: { Origin: 'x'.repeat(256) } }) },
  { name: 'create: language is a number', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { language: 5 }) },
  { name: 'create: another end user\'s id', status: 403, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { conversationId: f.othersId }) },
  { name: 'create: closed conversation', status: 400, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { conversationId: f.closedId }) },
  { name: 'create: no Authorization', status: 401, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f), auth: null },
  { name: 'create: Basic Authorization', status: 401, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f), auth: 'Basic dXNlcjpwdw==' },
  { name: 'create: forged bearer token', status: 401, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f), auth: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' },
  { name: 'create: JSON sent as text/plain', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '{}', headers: { 'content-type': 'text/plain' } },
  { name: 'create: latin1 charset', status: 415, method: 'POST', path: () => `${API}/conversation`, raw: '{}', headers: { 'content-type': 'application/json; charset=latin1' } },
  { name: 'create: unknown content-encoding', status: 415, method: 'POST', path: () => `${API}/conversation`, raw: '{}', headers: { 'content-encoding': 'xyz' } },
  { name: 'create: body nested 10000 deep', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: nested(10_000) },
  // list and routing status
  { name: 'list: limit is not a number', status: 400, method: 'GET', path: () => `${API}/conversation/list?limit=ten` },
  { name: 'list: negative limit', status: 400, method: 'GET', path: () => `${API}/conversation/list?limit=-1` },
  { name: 'list: limit given twice', status: 400, method: 'GET', path: () => `${API}/conversation/list?limit=1&limit=2` },
  { name: 'list: inclClosedConvs=yes', status: 400, method: 'GET', path: () => `${API}/conversation/list?inclClosedConvs=yes` },
  { name: 'list: startTimestamp not a number', status: 400, method: 'GET', path: () => `${API}/conversation/list?startTimestamp=yesterday` },
  { name: 'list: no Authorization', status: 401, method: 'GET', path: () => `${API}/conversation/list`, auth: null },
  { name: 'status: upper-case id', status: 400, method: 'GET', path: conv('', () => UPPER), message: UUID_TEXT },
  { name: 'status: not a UUID', status: 400, method: 'GET', path: conv('', () => 'not-a-uuid'), message: UUID_TEXT },
  { name: 'status: broken percent-encoding', status: 400, method: 'GET', path: conv('', () => '%E0%A4%A') },
  { name: 'status: unknown conversation', status: 404, method: 'GET', path: conv('', unknownId) },
  { name: 'status: another end user\'s conversation', status: 404, method: 'GET', path: conv('', others) },
  // close, end session, transcript
  { name: 'close: esDeveloperName missing', status: 400, method: 'DELETE', path: conv() },
  { name: 'close: esDeveloperName of another deployment', status: 400, method: 'DELETE', path: (f) => `${conv()(f)}?esDeveloperName=Other` },
  { name: 'close: esDeveloperName given twice', status: 400, method: 'DELETE', path: (f) => `${withDev()(f)}&esDeveloperName=${f.dev}` },
  { name: 'close: upper-case id', status: 400, method: 'DELETE', path: withDev('', () => UPPER) },
  { name: 'close: unknown conversation', status: 404, method: 'DELETE', path: withDev('', unknownId) },
  { name: 'close: another end user\'s conversation', status: 404, method: 'DELETE', path: withDev('', others) },
  { name: 'close: no Authorization', status: 401, method: 'DELETE', path: withDev(), auth: null },
  { name: 'end session: esDeveloperName missing', status: 400, method: 'DELETE', path: conv('/session') },
  { name: 'end session: unknown conversation', status: 404, method: 'DELETE', path: withDev('/session', unknownId) },
  { name: 'end session: closed conversation', status: 400, method: 'DELETE', path: withDev('/session', closed) },
  { name: 'transcript: esDeveloperName missing', status: 400, method: 'GET', path: conv('/transcript') },
  { name: 'transcript: unknown conversation', status: 404, method: 'GET', path: withDev('/transcript', unknownId) },
  // entries
  { name: 'entries: limit is not a number', status: 400, method: 'GET', path: conv('/entries?limit=x') },
  { name: 'entries: unknown direction', status: 400, method: 'GET', path: conv('/entries?direction=Sideways') },
  { name: 'entries: entryTypeFilter given twice', status: 400, method: 'GET', path: conv('/entries?entryTypeFilter=Message&entryTypeFilter=RoutingResult') },
  { name: 'entries: negative endTimestamp', status: 400, method: 'GET', path: conv('/entries?endTimestamp=-5') },
  { name: 'entries: upper-case id', status: 400, method: 'GET', path: conv('/entries', () => UPPER), message: UUID_TEXT },
  { name: 'entries: unknown conversation', status: 404, method: 'GET', path: conv('/entries', unknownId) },
  // send message
  { name: 'message: malformed JSON', status: 400, method: 'POST', path: conv('/message'), raw: '{"message": {' },
  { name: 'message: body is an array', status: 400, method: 'POST', path: conv('/message'), raw: '[{"message": {}}]' },
  { name: 'message: message missing', status: 400, method: 'POST', path: conv('/message'), json: (f) => ({ esDeveloperName: f.dev }) },
  { name: 'message: upper-case message.id', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { id: UPPER }) },
  { name: 'message: message.id is a number', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { id: 5 }) },
  { name: 'message: unknown messageType', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { messageType: 'Banana' }) },
  { name: 'message: staticContent missing', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { staticContent: undefined }) },
  { name: 'message: text is a number', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { staticContent: { formatType: 'Text', text: 5 } }) },
  { name: 'message: text over messageMaxChars', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, { staticContent: { formatType: 'Text', text: 'x'.repeat(32_001) } }) },
  { name: 'message: esDeveloperName missing', status: 400, method: 'POST', path: conv('/message'), json: (f) => ({ message: msg(f).message }) },
  { name: 'message: isNewMessagingSession is a string', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, {}, { isNewMessagingSession: 'yes' }) },
  { name: 'message: routing attribute is an array', status: 400, method: 'POST', path: conv('/message'), json: (f) => msg(f, {}, { routingAttributes: { Origin: [1] } }) },
  { name: 'message: id of a RoutingResult entry', status: 409, method: 'POST', path: conv('/message'), json: (f) => msg(f, { id: f.routingEntryId }) },
  { name: 'message: form response nested 10000 deep', status: 400, method: 'POST', path: conv('/message'), raw: `{"esDeveloperName":"Sim_Web","message":{"id":"${crypto.randomUUID()}","messageType":"FormResponseMessage","formResponse":{"x":${nested(10_000)}}}}` },
  { name: 'message: closed conversation', status: 400, method: 'POST', path: conv('/message', closed), json: (f) => msg(f) },
  { name: 'message: unknown conversation', status: 404, method: 'POST', path: conv('/message', unknownId), json: (f) => msg(f) },
  { name: 'message: another end user\'s conversation', status: 404, method: 'POST', path: conv('/message', others), json: (f) => msg(f) },
  { name: 'message: no Authorization', status: 401, method: 'POST', path: conv('/message'), json: (f) => msg(f), auth: null },
  // file upload
  { name: 'file: JSON instead of multipart', status: 400, method: 'POST', path: conv('/file'), json: () => ({}) },
  { name: 'file: messageEntry missing', status: 400, method: 'POST', path: conv('/file'), form: form(undefined) },
  { name: 'file: fileData missing', status: 400, method: 'POST', path: conv('/file'), form: form(null, null) },
  { name: 'file: messageEntry is malformed JSON', status: 400, method: 'POST', path: conv('/file'), form: form('{"message":') },
  { name: 'file: messageEntry without message', status: 400, method: 'POST', path: conv('/file'), form: form({ esDeveloperName: 'Sim_Web' }) },
  { name: 'file: upper-case message.id', status: 400, method: 'POST', path: conv('/file'), form: form({ esDeveloperName: 'Sim_Web', message: { id: UPPER } }) },
  { name: 'file: esDeveloperName of another deployment', status: 400, method: 'POST', path: conv('/file'), form: form({ esDeveloperName: 'Other', message: { id: crypto.randomUUID() } }) },
  { name: 'file: file in the wrong field', status: 400, method: 'POST', path: conv('/file'), form: form(null, { field: 'file' }) },
  { name: 'file: multipart without boundary', status: 400, method: 'POST', path: conv('/file'), raw: 'xx', headers: { 'content-type': 'multipart/form-data' } },
  { name: 'file: closed conversation', status: 400, method: 'POST', path: conv('/file', closed), form: form(null) },
  { name: 'file: unknown conversation', status: 404, method: 'POST', path: conv('/file', unknownId), form: form(null) },
  // typing
  { name: 'typing: unknown entryType', status: 400, method: 'POST', path: conv('/entry'), json: () => ({ entryType: 'Typing' }) },
  { name: 'typing: entryType missing', status: 400, method: 'POST', path: conv('/entry'), json: () => ({ id: crypto.randomUUID() }) },
  { name: 'typing: upper-case id', status: 400, method: 'POST', path: conv('/entry'), json: () => ({ entryType: 'TypingStartedIndicator', id: UPPER }) },
  { name: 'typing: malformed JSON', status: 400, method: 'POST', path: conv('/entry'), raw: '{entryType: TypingStartedIndicator}' },
  { name: 'typing: closed conversation', status: 400, method: 'POST', path: conv('/entry', closed), json: () => ({ entryType: 'TypingStartedIndicator' }) },
  { name: 'typing: unknown conversation', status: 404, method: 'POST', path: conv('/entry', unknownId), json: () => ({ entryType: 'TypingStartedIndicator' }) },
  // acknowledgements
  { name: 'acks: acks missing', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ({ acknowledgments: ack(f).acks }) },
  { name: 'acks: empty list', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: () => ({ acks: [] }) },
  { name: 'acks: not a list', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: () => ({ acks: 'all of them' }) },
  { name: 'acks: unknown entryType', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ack(f, { entryType: 'Seen' }) },
  { name: 'acks: conversationEntryId missing', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ack(f, { conversationEntryId: undefined }) },
  { name: 'acks: upper-case ack id', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ack(f, { id: UPPER }) },
  { name: 'acks: unknown entry', status: 400, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ack(f, { conversationEntryId: crypto.randomUUID() }) },
  { name: 'acks: unknown conversation', status: 404, method: 'POST', path: conv('/acknowledge-entries', unknownId), json: (f) => ack(f) },
];

describe('bad input against every data-plane endpoint', () => {
  const t = useSim();

  it(`refuses all ${rows.length} bad requests with a 4xx {code, errorCode, message} and changes no stored state`, async () => {
    const f = await fixture(t.sim);
    const before = await stateSnapshot(t.sim);
    for (const row of rows) expectRefusal(row, await send(f, row));
    expect(await stateSnapshot(t.sim)).toEqual(before);
    const health = await call(t.sim, 'GET', '/__sim/v1/health');
    expect(health.status, show(health)).toBe(200);
  });

  it('serves GET and DELETE requests that carry Content-Type: application/json and no body', async () => {
    const f = await fixture(t.sim);
    const json = { 'content-type': 'application/json' };
    const ok: Array<[string, string, Record<string, string>]> = [
      ['GET', `${API}/conversation/list?inclClosedConvs=false&limit=20`, json],
      ['GET', conv()(f), json],
      ['GET', `${conv('/entries')(f)}?limit=50&entryTypeFilter=Message,ParticipantChanged,RoutingResult`, json],
      ['GET', withDev('/transcript')(f), json],
      ['GET', `${API}/authorization/continuation-access-token`, json],
      ['DELETE', withDev('/session')(f), { ...json, 'content-length': '0' }],
      ['DELETE', withDev()(f), json],
    ];
    for (const [method, path, headers] of ok) {
      const res = await fetch(f.sim.url + path, { method, headers: { ...headers, authorization: `Bearer ${f.token}` } });
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${res.status} ${text.slice(0, 300)}`).toBeLessThan(300);
    }
    expect((await recorded(t.sim, f.id)).status).toBe('CLOSED');
  });
});

describe('JSON bodies over options.jsonBodyLimitBytes', () => {
  const t = useSim({ jsonBodyLimitBytes: 512 });
  const padding = 'p'.repeat(600);
  const oversize: Row[] = [
    { name: 'guest token', status: 413, method: 'POST', path: () => TOKEN, json: (f) => ({ ...tokenRequestBase(f.sim), deviceId: padding }), auth: null },
    { name: 'create', status: 413, method: 'POST', path: () => `${API}/conversation`, json: (f) => create(f, { routingAttributes: { Note: padding } }) },
    { name: 'message', status: 413, method: 'POST', path: conv('/message'), json: (f) => msg(f, { staticContent: { formatType: 'Text', text: padding } }) },
    { name: 'typing', status: 413, method: 'POST', path: conv('/entry'), json: () => ({ entryType: 'TypingStartedIndicator', note: padding }) },
    { name: 'acks', status: 413, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ack(f, { note: padding }) },
  ];

  it('answers 413 for each oversize body and stores nothing, while a body under the limit still works', async () => {
    const f = await fixture(t.sim);
    const before = await stateSnapshot(t.sim);
    for (const row of oversize) expectRefusal(row, await send(f, row));
    expect(await stateSnapshot(t.sim)).toEqual(before);

    const small = await sendMessage(t.sim, f.token, f.id, 'short enough');
    expect(small.status, show(small)).toBe(202);
  });
});
