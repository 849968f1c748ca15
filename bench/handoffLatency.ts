import { createHandoffClient, type Handoff, type HandoffResult } from '../client/index.ts';
import { fakeSession } from '../client/fakeSession.ts';
import type { ChannelSink, RepEvent } from '../client/types.ts';
import { startSimulator } from '../simulator/index.ts';

/** The bench hands off without settings: every handoff is a messaging one. */
function messaging(result: HandoffResult): Handoff {
  if (result.kind !== 'messaging') throw new Error(`[bench] expected a messaging handoff, got Email Case ${result.caseNumber}`);
  return result;
}

/**
 * Full handoffs (steps 1-7, a new contact each time, so a real token exchange) against an
 * in-process simulator, and the time from a rep's message (control API) to the channel sink.
 */
export async function measureHandoff(handoffs: number, replies: number): Promise<{ handoffMs: number[]; replyMs: number[] }> {
  const sim = await startSimulator({ log: () => {} });
  const client = createHandoffClient(sim.clientConfig);
  const handoffMs: number[] = [];
  for (let i = 0; i < handoffs; i++) {
    const session = fakeSession();
    const t0 = performance.now();
    const h = messaging(await client.handoff(session, { deliver: () => {} }));
    handoffMs.push(performance.now() - t0);
    h.stream.close();
  }

  let onMessage: (e: RepEvent) => void = () => {};
  const sink: ChannelSink = { deliver: (e) => onMessage(e) };
  const handoff = messaging(await client.handoff(fakeSession(), sink));
  const replyMs: number[] = [];
  for (let i = 0; i < replies; i++) {
    const text = `reply ${i}`;
    const arrived = new Promise<number>((resolve) => {
      onMessage = (e) => {
        if (e.type === 'message' && e.text === text) resolve(performance.now());
      };
    });
    const t0 = performance.now();
    await fetch(`${sim.url}/__sim/v1/conversations/${handoff.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    replyMs.push((await arrived) - t0);
  }
  handoff.stream.close();
  await sim.stop();
  return { handoffMs, replyMs };
}

/**
 * Full handoffs per second: `total` handoffs (each a new contact) by `concurrency` workers sharing
 * one client, against an in-process simulator (client and simulator share this process's CPU).
 */
export async function measureHandoffRate(total: number, concurrency: number): Promise<number> {
  const sim = await startSimulator({ log: () => {} });
  const client = createHandoffClient(sim.clientConfig);
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const h = messaging(await client.handoff(fakeSession(), { deliver: () => {} }));
        h.stream.close();
      }
    }),
  );
  const rate = total / ((performance.now() - t0) / 1000);
  await sim.stop();
  return rate;
}
