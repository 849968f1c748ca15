import { describe, expect, it } from 'vitest';
import { addRep, putRouting } from '../helpers/routing.ts';
import { call, getGuestToken, recorded, show, startConversation, useSim } from '../helpers/sim.ts';

/** The estimatedWaitTime of a conversation's RoutingResult entries, oldest first. */
async function waits(sim: Parameters<typeof recorded>[0], id: string) {
  const rec = await recorded(sim, id);
  return rec.entries.filter((e: any) => e.entryType === 'RoutingResult').map((e: any) => e.entryPayload.estimatedWaitTime);
}

describe('estimated wait time in RoutingResult', () => {
  const t = useSim();

  it('is computed from the queue position and the queue\'s average handle time', async () => {
    await putRouting(t.sim, { queues: [{ name: 'General', averageHandleSeconds: 300 }], defaultQueue: 'General' });
    await addRep(t.sim, { name: 'Ann', queues: ['General'], capacity: 1 });
    const { accessToken } = await getGuestToken(t.sim);
    const first = await startConversation(t.sim, accessToken); // Ann has room: no wait
    const second = await startConversation(t.sim, accessToken); // first in line behind Ann's one conversation
    const third = await startConversation(t.sim, accessToken); // second in line
    expect(await waits(t.sim, first)).toEqual([{ estimatedWaitTimeInSeconds: 0, isEWTRequested: true }]);
    expect(await waits(t.sim, second)).toEqual([{ estimatedWaitTimeInSeconds: 300, isEWTRequested: true }]);
    expect(await waits(t.sim, third)).toEqual([{ estimatedWaitTimeInSeconds: 600, isEWTRequested: true }]);
  });

  it('divides the line by the Online capacity of the queue, and counts as one rep when nobody is Online', async () => {
    await putRouting(t.sim, { queues: [{ name: 'General', averageHandleSeconds: 120 }, { name: 'Empty', averageHandleSeconds: 60 }], rules: [{ attribute: 'Topic', equals: 'x', queue: 'Empty' }], defaultQueue: 'General' });
    await addRep(t.sim, { name: 'Ann', queues: ['General'], capacity: 2 });
    await addRep(t.sim, { name: 'Bob', queues: ['General'], capacity: 1, presence: 'Away' });
    const { accessToken } = await getGuestToken(t.sim);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await startConversation(t.sim, accessToken));
    const seconds = [];
    for (const id of ids) seconds.push((await waits(t.sim, id))[0].estimatedWaitTimeInSeconds);
    expect(seconds).toEqual([0, 0, 120, 120, 240]);
    const empty1 = await startConversation(t.sim, accessToken, { Topic: 'x' });
    const empty2 = await startConversation(t.sim, accessToken, { Topic: 'x' });
    expect([(await waits(t.sim, empty1))[0].estimatedWaitTimeInSeconds, (await waits(t.sim, empty2))[0].estimatedWaitTimeInSeconds]).toEqual([60, 120]);
  });

  it('is null (not requested) when the queue declares no average handle time', async () => {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    expect(await waits(t.sim, id)).toEqual([{ estimatedWaitTimeInSeconds: null, isEWTRequested: false }]);
  });

  it('refuses a non-positive average handle time naming the field', async () => {
    const res = await call(t.sim, 'PUT', '/__sim/v1/routing', { body: { queues: [{ name: 'General', averageHandleSeconds: 0 }], defaultQueue: 'General' } });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.message).toContain('queues.0.averageHandleSeconds');
  });
});
