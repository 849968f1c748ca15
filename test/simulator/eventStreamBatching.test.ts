import { describe, expect, it } from 'vitest';
import { streamNamedEvent } from '../../simulator/events/conversationFeed.ts';
import { sseFrame } from '../../simulator/events/sseFrame.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import type { SimContext } from '../../simulator/server/context.ts';
import type { Conversation } from '../../simulator/store/types.ts';
import { call, getGuestToken, show, startConversation, useSim } from '../helpers/sim.ts';
import { openStream, type RawSse } from '../helpers/sse.ts';

/**
 * A stream writes the frames of one turn of the event loop in one write (`FrameBatch`). These tests
 * publish several events in one synchronous block, as a busy server does when it answers several
 * requests in one turn, and read the stream's raw bytes.
 */

/** A guest with a conversation and an open stream that has seen the conversation's own events (so only what the test sends follows). */
async function streamWithConversation(t: { sim: RunningSimulator; ctx: SimContext }) {
  const { accessToken, lastEventId, body } = await getGuestToken(t.sim);
  const id = await startConversation(t.sim, accessToken);
  const stream = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
  await stream.waitFor((events) => events.some((e) => e.event === 'CONVERSATION_ROUTING_RESULT'));
  const conversation = t.ctx.store.conversations.get(id) as Conversation;
  return { stream, conversation, subject: body.context.endUser.subject as string, accessToken, seen: stream.raw.length };
}

/** Events sent in one turn; answers the frames as the stream must write them. */
function publishInOneTurn(ctx: SimContext, conversation: Conversation, names: string[]): string[] {
  return names.map((name, n) => {
    const data = JSON.stringify({ n, name });
    const id = streamNamedEvent(ctx, conversation, name, data);
    return sseFrame({ id, event: name, data });
  });
}

const addFault = async (sim: RunningSimulator, body: unknown) => {
  const r = await call(sim, 'POST', '/__sim/v1/faults', { body });
  if (r.status !== 201) throw new Error(`add fault: ${show(r)}`);
};

const liveBytes = (stream: RawSse, seen: number) => stream.raw.slice(seen);

describe('event stream: frames of one turn leave together', () => {
  const t = useSim({ pingIntervalMs: 600_000 }); // no ping among the frames compared

  it('delivers every event published in one turn, whole and in the order published', async () => {
    const { stream, conversation, seen } = await streamWithConversation(t);
    const names = ['EVENT_A', 'EVENT_B', 'EVENT_C', 'EVENT_D', 'EVENT_E'];
    const frames = publishInOneTurn(t.ctx, conversation, names);
    await stream.waitFor((events) => events.some((e) => e.event === 'EVENT_E'));
    stream.close();
    expect(liveBytes(stream, seen)).toBe(frames.join(''));
  });

  it('keeps the order across turns: what a later turn sends comes after what an earlier one sent', async () => {
    const { stream, conversation, seen } = await streamWithConversation(t);
    const first = publishInOneTurn(t.ctx, conversation, ['FIRST_1', 'FIRST_2']);
    await new Promise((resolve) => setImmediate(resolve));
    const second = publishInOneTurn(t.ctx, conversation, ['SECOND_1', 'SECOND_2']);
    await stream.waitFor((events) => events.some((e) => e.event === 'SECOND_2'));
    stream.close();
    expect(liveBytes(stream, seen)).toBe([...first, ...second].join(''));
  });

  it('closing the stream in the same turn (the subject\'s streams closed) writes what waits first, then ends', async () => {
    const { stream, conversation, subject, seen } = await streamWithConversation(t);
    const frames = publishInOneTurn(t.ctx, conversation, ['BEFORE_CLOSE_1', 'BEFORE_CLOSE_2', 'BEFORE_CLOSE_3']);
    expect(t.ctx.hub.closeSubject(subject)).toBe(1);
    await stream.waitForEnd();
    expect(liveBytes(stream, seen)).toBe(frames.join(''));
  });

  it('revoking the token in the same turn writes what waits first, then ends the stream', async () => {
    const { stream, conversation, seen, accessToken } = await streamWithConversation(t);
    const { jti } = await t.ctx.tokens.verify(accessToken);
    const frames = publishInOneTurn(t.ctx, conversation, ['BEFORE_REVOKE_1', 'BEFORE_REVOKE_2']);
    t.ctx.hub.closeToken(jti);
    await stream.waitForEnd();
    expect(liveBytes(stream, seen)).toBe(frames.join(''));
  });
});

describe('event stream faults still count the events of one write one by one', () => {
  const t = useSim({ pingIntervalMs: 600_000 }); // no ping among the frames compared

  it('drop-stream: of 3 events sent in one turn, exactly the 2 it still lets through arrive, then the stream ends', async () => {
    // afterEvents 3: the conversation's RoutingResult (replayed when the stream opens), then 2 of the 3.
    await addFault(t.sim, { match: { path: '/eventrouter/v1/sse' }, action: { type: 'drop-stream', afterEvents: 3 }, times: 1 });
    const { stream, conversation, seen } = await streamWithConversation(t);
    const frames = publishInOneTurn(t.ctx, conversation, ['KEPT_1', 'KEPT_2', 'DROPPED']);
    await stream.waitForEnd();
    expect(liveBytes(stream, seen)).toBe(frames.slice(0, 2).join(''));
  });

  it('cut-stream: of 3 events sent in one turn, the first arrives whole, the second cut in half, the third never', async () => {
    // afterEvents 2: the conversation's RoutingResult (replayed when the stream opens), then the first of the 3.
    await addFault(t.sim, { match: { path: '/eventrouter/v1/sse' }, action: { type: 'cut-stream', afterEvents: 2 }, times: 1 });
    const { stream, conversation, seen } = await streamWithConversation(t);
    const frames = publishInOneTurn(t.ctx, conversation, ['WHOLE', 'HALVED', 'NEVER']);
    await stream.waitForEnd();
    const halved = Buffer.from(frames[1]!, 'utf8');
    expect(liveBytes(stream, seen)).toBe(frames[0]! + halved.subarray(0, Math.floor(halved.length / 2)).toString('utf8'));
  });
});
