import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show, startConversation } from './sim.ts';
import { openStream, type RawSse, type SseFrame } from './sse.ts';

export const V1 = '/__sim/v1';

/** General by default; French for Chat_language fr; Priority for High or Urgent priority. */
export const THREE_QUEUES = {
  queues: [{ name: 'General' }, { name: 'French' }, { name: 'Priority' }],
  rules: [
    { attribute: 'Chat_language', equals: 'fr', queue: 'French' },
    { attribute: 'Priority', matches: '^(High|Urgent)$', queue: 'Priority' },
  ],
  defaultQueue: 'General',
};

export async function putRouting(sim: RunningSimulator, routing: unknown): Promise<void> {
  const r = await call(sim, 'PUT', `${V1}/routing`, { body: routing });
  expect(r.status, show(r)).toBe(200);
}

export async function addRep(sim: RunningSimulator, rep: Record<string, unknown>): Promise<any> {
  const r = await call(sim, 'POST', `${V1}/reps`, { body: rep });
  expect(r.status, show(r)).toBe(201);
  return r.body;
}

export async function setPresence(sim: RunningSimulator, name: string, presence: string): Promise<void> {
  const r = await call(sim, 'PATCH', `${V1}/reps/${name}`, { body: { presence } });
  expect(r.status, show(r)).toBe(200);
}

export async function queues(sim: RunningSimulator): Promise<Record<string, any>> {
  const r = await call(sim, 'GET', `${V1}/queues`);
  return Object.fromEntries(r.body.queues.map((q: any) => [q.name, q]));
}

export async function reps(sim: RunningSimulator): Promise<Record<string, any>> {
  const r = await call(sim, 'GET', `${V1}/reps`);
  return Object.fromEntries(r.body.reps.map((rep: any) => [rep.name, rep]));
}

/** A conversation started with these routing attributes, with the end user's event stream open from before it. */
export async function conversationWithStream(sim: RunningSimulator, token: { accessToken: string; lastEventId: string }, attributes?: Record<string, string>): Promise<{ id: string; stream: RawSse }> {
  const stream = await openStream(sim.url, token.accessToken, sim.orgId, token.lastEventId);
  const id = await startConversation(sim, token.accessToken, attributes);
  return { id, stream };
}

/** A rep whose script is refused: 400 naming the field (and saying `hint`), and no rep added. */
export async function expectScriptRefused(sim: RunningSimulator, script: unknown, field: string, hint: string): Promise<void> {
  const r = await call(sim, 'POST', `${V1}/reps`, { body: { name: 'Broken', queues: ['Default'], script } });
  expect(r.status, show(r)).toBe(400);
  expect(r.body.message).toContain(`${field}:`);
  expect(r.body.message).toContain(hint);
  expect((await reps(sim)).Broken).toBeUndefined();
}

export const entryOf = (frame: SseFrame) => JSON.parse(frame.data).conversationEntry;
export const payloadOf = (frame: SseFrame) => JSON.parse(entryOf(frame).entryPayload);

/** Each event as a short line: `RoutingResult Initial`, `ParticipantChanged add Amelie`, `Message Amelie: hi`, ... */
export function describeEvent(frame: SseFrame): string {
  const entry = entryOf(frame);
  const payload = payloadOf(frame);
  switch (entry.entryType) {
    case 'RoutingResult':
      return `RoutingResult ${payload.routingType} ${payload.failureType}`;
    case 'ParticipantChanged':
      return `ParticipantChanged ${payload.entries[0].operation} ${payload.entries[0].displayName}`;
    case 'Message':
      return `Message ${entry.senderDisplayName}: ${payload.abstractMessage.staticContent.text}`;
    case 'SessionStatusChanged':
      return `SessionStatusChanged ${payload.sessionStatus}`;
    default:
      return `${entry.entryType} ${entry.senderDisplayName}`;
  }
}

export const described = (frames: SseFrame[]) => frames.map(describeEvent);
