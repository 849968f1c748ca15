import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, type ApiResponse } from './sim.ts';

export const API = '/iamessage/api/v2';

/** What bad-input rows refer to: an open conversation with a message, a closed one, and another end user's. */
export interface Fixture {
  sim: RunningSimulator;
  token: string;
  dev: string;
  id: string;
  closedId: string;
  othersId: string;
  routingEntryId: string;
  messageId: string;
}

/** One bad request and the status it must get. */
export interface Row {
  name: string;
  status: number;
  method: string;
  path: (f: Fixture) => string;
  /** A JSON body (sent as application/json). */
  json?: (f: Fixture) => unknown;
  /** A raw body, sent as application/json unless `headers` says otherwise. */
  raw?: string;
  form?: (f: Fixture) => FormData;
  headers?: Record<string, string>;
  /** Authorization header to send instead of the fixture's bearer token; `null` sends none. */
  auth?: string | null | ((f: Fixture) => string);
  /** Text the error message must contain. */
  message?: string;
}

export const conv = (suffix = '', id: (f: Fixture) => string = (f) => f.id) => (f: Fixture) => `${API}/conversation/${id(f)}${suffix}`;
export const withDev = (suffix = '', id?: (f: Fixture) => string) => (f: Fixture) => `${conv(suffix, id)(f)}?esDeveloperName=${f.dev}`;

export async function send(f: Fixture, row: Row): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (row.auth !== null) headers.authorization = typeof row.auth === 'function' ? row.auth(f) : (row.auth ?? `Bearer ${f.token}`);
  let body: string | FormData | undefined;
  if (row.form) body = row.form(f);
  else if (row.json || row.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = row.json ? JSON.stringify(row.json(f)) : row.raw;
  }
  Object.assign(headers, row.headers);
  const res = await fetch(f.sim.url + row.path(f), { method: row.method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Each refusal is a 4xx in the API's error shape; nothing is 5xx. */
export function expectRefusal(row: Row, r: ApiResponse) {
  const label = `${row.name}: ${show(r)}`;
  expect.soft(r.status, label).toBe(row.status);
  expect.soft(r.headers.get('content-type'), label).toMatch(/^application\/json/);
  expect.soft(r.body, label).toEqual({ code: String(r.status), errorCode: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/), message: expect.stringMatching(/\S/) });
  if (row.message) expect.soft(r.body?.message, label).toContain(row.message);
}

export async function fixture(sim: RunningSimulator): Promise<Fixture> {
  const { accessToken: token } = await getGuestToken(sim);
  const other = await getGuestToken(sim);
  const id = await startConversation(sim, token, { Origin: 'Web' });
  const sent = await sendMessage(sim, token, id, 'a real message');
  expect(sent.status, show(sent)).toBe(202);
  const closedId = await startConversation(sim, token);
  const close = await call(sim, 'DELETE', `${API}/conversation/${closedId}?esDeveloperName=${sim.esDeveloperName}`, { token });
  expect(close.status, show(close)).toBe(204);
  const routingEntryId = (await recorded(sim, id)).entries[0].identifier;
  return { sim, token, dev: sim.esDeveloperName, id, closedId, othersId: await startConversation(sim, other.accessToken), routingEntryId, messageId: sent.body.conversationEntries[0].id };
}
