import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call, show } from './sim.ts';

export const V1 = '/__sim/v1';
export const escalation = {
  channel: 'whatsapp',
  language: 'fr',
  customerName: 'Camille Martin',
  summary: 'Camille wants to change the delivery address of order 77.',
  history: [
    { speaker: 'customer', text: 'Can I change my delivery address?' },
    { speaker: 'bot', text: 'I can only do that for orders not yet shipped.' },
  ],
};

/** Poll the widget handoff until `done` says so (or fail with what it last was). */
export async function handoffUntil(sim: RunningSimulator, id: string, done: (view: any) => boolean, timeoutMs = 5000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await call(sim, 'GET', `${V1}/widget/handoffs/${id}`);
    if (r.status === 200 && done(r.body)) return r.body;
    if (Date.now() > deadline) throw new Error(`widget handoff never got there; last: ${show(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function escalate(sim: RunningSimulator, body: unknown = escalation): Promise<any> {
  const r = await call(sim, 'POST', `${V1}/widget/handoffs`, { body });
  expect(r.status, show(r)).toBe(202);
  return r.body;
}
