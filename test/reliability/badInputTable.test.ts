import { describe, expect, it } from 'vitest';
import { API, conv, expectRefusal, fixture, send, withDev, type Fixture, type Row } from '../helpers/badInput.ts';
import { resignedWithOtherSecret, tampered, truncatedSignature, unsigned } from '../helpers/forgedTokens.ts';
import { call, show, stateSnapshot, textMessage, useSim } from '../helpers/sim.ts';

/**
 * Bad requests test/simulator/badInput.test.ts does not cover yet: the embedded-service endpoints,
 * well-formed but forged access tokens on every kind of endpoint, odd content types and encodings,
 * unknown paths and methods, and ids that are not ids. Same rules: a 4xx in the API's error shape,
 * nothing stored.
 */
const CONFIG = '/embeddedservice/v1/embedded-service-config';
const HOURS = '/embeddedservice/v1/businesshours';
const SSE = '/eventrouter/v1/sse';
const REVOKE = `${API}/authorization/authenticated/access-token`;
const CONTINUE = `${API}/authorization/continuation-access-token`;

/** A real token's claims re-signed with another secret (set once the fixture has a real token). */
let resigned = '';
const bearer = (make: (token: string) => string) => (f: Fixture) => `Bearer ${make(f.token)}`;
const otherSubject = bearer((t) => tampered(t, { sub: 'v2/iamessage/UNAUTH/NA/uid:someone-else' }));
const create = (f: Fixture) => ({ conversationId: crypto.randomUUID(), esDeveloperName: f.dev });
const message = (f: Fixture) => ({ esDeveloperName: f.dev, message: textMessage('forged') });
const sse = { 'x-org-id': '00DSIM000000001' };

const rows: Row[] = [
  // embedded-service configuration (no token)
  { name: 'config: orgId missing', status: 400, method: 'GET', path: () => `${CONFIG}?esConfigName=Sim_Web`, auth: null, message: 'orgId' },
  { name: 'config: esConfigName missing', status: 400, method: 'GET', path: () => `${CONFIG}?orgId=00DSIM000000001`, auth: null, message: 'esConfigName' },
  { name: 'config: unknown deployment', status: 400, method: 'GET', path: () => `${CONFIG}?orgId=00DSIM000000001&esConfigName=Nope`, auth: null },
  { name: 'config: orgId not an id', status: 400, method: 'GET', path: () => `${CONFIG}?orgId=%00%FF&esConfigName=Sim_Web`, auth: null },
  { name: 'config: orgId given twice', status: 400, method: 'GET', path: () => `${CONFIG}?orgId=00DSIM000000001&orgId=00DSIM000000001&esConfigName=Sim_Web`, auth: null },
  { name: 'business hours: esConfigName missing', status: 400, method: 'GET', path: () => `${HOURS}?orgId=00DSIM000000001`, auth: null },
  { name: 'business hours: unknown org', status: 400, method: 'GET', path: () => `${HOURS}?orgId=00DNOPE00000001&esConfigName=Sim_Web`, auth: null },
  // well-formed tokens the simulator never issued
  { name: 'revoke: token re-signed with another secret', status: 401, method: 'DELETE', path: () => REVOKE, auth: () => `Bearer ${resigned}` },
  { name: 'revoke: payload changed, signature kept', status: 401, method: 'DELETE', path: () => REVOKE, auth: otherSubject },
  { name: 'continuation: alg none', status: 401, method: 'GET', path: () => CONTINUE, auth: bearer(unsigned) },
  { name: 'continuation: signature truncated', status: 401, method: 'GET', path: () => CONTINUE, auth: bearer((t) => truncatedSignature(t)) },
  { name: 'continuation: two tokens', status: 401, method: 'GET', path: () => CONTINUE, auth: (f) => `Bearer ${f.token} ${f.token}` },
  { name: 'event stream: token re-signed with another secret', status: 401, method: 'GET', path: () => SSE, auth: () => `Bearer ${resigned}`, headers: sse },
  { name: 'event stream: alg none', status: 401, method: 'GET', path: () => SSE, auth: bearer(unsigned), headers: sse },
  { name: 'list: payload changed, signature kept', status: 401, method: 'GET', path: () => `${API}/conversation/list`, auth: otherSubject },
  { name: 'create: alg none', status: 401, method: 'POST', path: () => `${API}/conversation`, json: create, auth: bearer(unsigned) },
  { name: 'message: token re-signed with another secret', status: 401, method: 'POST', path: conv('/message'), json: message, auth: () => `Bearer ${resigned}` },
  { name: 'typing: payload changed, signature kept', status: 401, method: 'POST', path: conv('/entry'), json: () => ({ entryType: 'TypingStartedIndicator' }), auth: otherSubject },
  { name: 'acks: alg none', status: 401, method: 'POST', path: conv('/acknowledge-entries'), json: (f) => ({ acks: [{ entryType: 'Read', conversationEntryId: f.messageId }] }), auth: bearer(unsigned) },
  { name: 'file: no Authorization', status: 401, method: 'POST', path: conv('/file'), raw: '{}', auth: null },
  { name: 'close: signature truncated', status: 401, method: 'DELETE', path: withDev(), auth: bearer((t) => truncatedSignature(t)) },
  { name: 'transcript: token re-signed with another secret', status: 401, method: 'GET', path: withDev('/transcript'), auth: () => `Bearer ${resigned}` },
  // content types and encodings
  { name: 'create: application/json with an empty body', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '' },
  { name: 'create: a form-encoded body', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: 'conversationId=x&esDeveloperName=Sim_Web', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 'create: gzip that is not gzip', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '{"not":"gzip"}', headers: { 'content-encoding': 'gzip' } },
  { name: 'create: UTF-8 bytes declared utf-16', status: 400, method: 'POST', path: () => `${API}/conversation`, raw: '{}', headers: { 'content-type': 'application/json; charset=utf-16' } },
  { name: 'message: a JSON string body', status: 400, method: 'POST', path: conv('/message'), raw: '"just text"' },
  { name: 'guest token: a body that is not JSON', status: 400, method: 'POST', path: () => `${API}/authorization/unauthenticated/access-token`, raw: 'orgId=00DSIM000000001', auth: null },
  { name: 'verified token: customerIdentityToken is a number', status: 400, method: 'POST', path: () => `${API}/authorization/authenticated/access-token`, json: (f) => ({ orgId: f.sim.orgId, esDeveloperName: f.dev, capabilitiesVersion: '1', platform: 'Web', authorizationType: 'JWT', customerIdentityToken: 42 }), auth: null },
  // unknown paths and methods
  { name: 'PUT on the create path', status: 404, method: 'PUT', path: () => `${API}/conversation`, json: create },
  { name: 'an unknown MIAW path', status: 404, method: 'GET', path: () => `${API}/conversations/everything` },
  { name: 'POST on the event stream', status: 404, method: 'POST', path: () => SSE, raw: '{}', headers: sse },
  { name: 'an unknown embedded-service path', status: 404, method: 'GET', path: () => '/embeddedservice/v1/settings', auth: null },
  // ids that are not ids
  { name: 'status: id with an encoded slash', status: 400, method: 'GET', path: conv('', (f) => encodeURIComponent(`${f.id}/x`)) },
  { name: 'entries: a 5000-character id', status: 400, method: 'GET', path: conv('/entries', () => 'a'.repeat(5000)) },
  { name: 'message: id with a NUL byte', status: 400, method: 'POST', path: conv('/message', (f) => `${f.id}%00`), json: message },
  { name: 'transcript: upper-case id', status: 400, method: 'GET', path: withDev('/transcript', (f) => f.id.toUpperCase()) },
  { name: "transcript: another end user's conversation", status: 404, method: 'GET', path: withDev('/transcript', (f) => f.othersId) },
  { name: "acks: an entry of another of the caller's conversations", status: 400, method: 'POST', path: conv('/acknowledge-entries', (f) => f.closedId), json: (f) => ({ acks: [{ entryType: 'Read', conversationEntryId: f.messageId }] }) },
];

describe('bad input not covered by the simulator suite', () => {
  const t = useSim();

  it(`refuses all ${rows.length} with a 4xx {code, errorCode, message}, changes no stored state and keeps serving`, async () => {
    const f = await fixture(t.sim);
    resigned = await resignedWithOtherSecret(f.token);
    const before = await stateSnapshot(t.sim);
    for (const row of rows) expectRefusal(row, await send(f, row));
    expect(await stateSnapshot(t.sim)).toEqual(before);
    const health = await call(t.sim, 'GET', '/__sim/v1/health');
    expect(health.status, show(health)).toBe(200);
  });
});
