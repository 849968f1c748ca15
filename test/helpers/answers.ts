import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, getGuestToken, show, startConversation } from './sim.ts';

/**
 * A conversation in which the rep side offered `message` (a ChoicesMessage or FormMessage sent
 * through the control API), and `answer`: the end user's message to it, sent through MIAW.
 */
export async function offered(sim: RunningSimulator, message: Record<string, unknown>) {
  const { accessToken } = await getGuestToken(sim);
  const id = await startConversation(sim, accessToken);
  const r = await call(sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { message } });
  expect(r.status, show(r)).toBe(201);
  const answer = (m: Record<string, unknown>) => call(sim, 'POST', `/iamessage/api/v2/conversation/${id}/message`, { token: accessToken, body: { esDeveloperName: sim.esDeveloperName, message: { id: crypto.randomUUID(), ...m } } });
  return { id, token: accessToken, offeredId: r.body.identifier as string, answer };
}
