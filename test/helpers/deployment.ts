import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show, textMessage } from './sim.ts';

const API = '/iamessage/api/v2';

/** A deployment made through the control API in the default org, and a guest end user of it. */
export async function guestOfNewDeployment(sim: RunningSimulator, deployment: { name: string } & Record<string, unknown>) {
  const created = await call(sim, 'POST', `/__sim/v1/orgs/${sim.orgId}/deployments`, { body: deployment });
  expect(created.status, show(created)).toBe(201);
  const esDeveloperName = deployment.name;
  const tokenRes = await call(sim, 'POST', `${API}/authorization/unauthenticated/access-token`, { body: { orgId: sim.orgId, esDeveloperName, capabilitiesVersion: '1', platform: 'Web' } });
  expect(tokenRes.status, show(tokenRes)).toBe(200);
  const token: string = tokenRes.body.accessToken;
  return {
    token,
    lastEventId: tokenRes.body.lastEventId as string,
    /** Create a conversation (201 expected); returns its id. */
    async start(routingAttributes?: Record<string, string>): Promise<string> {
      const conversationId = crypto.randomUUID();
      const r = await call(sim, 'POST', `${API}/conversation`, { token, body: { conversationId, esDeveloperName, ...(routingAttributes ? { routingAttributes } : {}) } });
      expect(r.status, show(r)).toBe(201);
      return conversationId;
    },
    /** The end user sends a text message; the response as it came. */
    send(conversationId: string, text: string, extra: Record<string, unknown> = {}) {
      return call(sim, 'POST', `${API}/conversation/${conversationId}/message`, { token, body: { esDeveloperName, message: textMessage(text), ...extra } });
    },
  };
}
