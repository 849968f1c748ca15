import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';
import { requestsTo } from '../helpers/requestsTo.ts';
import { call, show, useSim } from '../helpers/sim.ts';

const SSE = '/eventrouter/v1/sse';

/** How many event-stream GETs to `origin` went over node:http and over undici's fetch while `run` ran. */
async function streamGets(origin: string, run: () => Promise<void>): Promise<{ nodeHttp: number; undici: number }> {
  const seen = await requestsTo(origin, run);
  const count = (paths: string[]) => paths.filter((path) => path.startsWith(SSE)).length;
  return { nodeHttp: count(seen.nodeHttp), undici: count(seen.undici) };
}

describe('which transport the event stream takes, against the simulator', () => {
  const t = useSim();
  afterEach(() => vi.unstubAllGlobals());

  const openStreams = async () => {
    const r = await call(t.sim, 'GET', '/__sim/v1/health');
    return (r.body as { openStreams: number }).openStreams;
  };

  /** A handoff whose stream delivers one rep message, then is closed: the simulator must be left with no open stream. */
  const handOffAndClose = async (deps?: Parameters<typeof createHandoffClient>[1]) => {
    const sink = new RecordingSink();
    const h = messaging(await createHandoffClient(configFor(t.sim), deps).handoff(fakeSession(), sink));
    const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${h.conversationId}/messages`, { body: { text: 'Hi, Sam here' } });
    expect(r.status, show(r)).toBe(201);
    await sink.waitFor(() => sink.messages().includes('Hi, Sam here'));
    expect(await openStreams()).toBe(1);
    h.stream.close();
    await h.stream.done;
    for (let i = 0; i < 200 && (await openStreams()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await openStreams(), 'streams left open after close()').toBe(0);
  };

  it('a plain handoff follows its stream over node:http, and close() leaves no stream open', async () => {
    expect(await streamGets(t.sim.url, () => handOffAndClose())).toEqual({ nodeHttp: 1, undici: 0 });
  });

  it('a given fetch gets the stream', async () => {
    const given = vi.fn(fetch);
    expect(await streamGets(t.sim.url, () => handOffAndClose({ fetch: given }))).toEqual({ nodeHttp: 0, undici: 1 });
    expect(given.mock.calls.filter(([url]) => String(url).includes(SSE))).toHaveLength(1);
  });

  it('a replaced global fetch gets the stream (tests that stub fetch keep working)', async () => {
    const stub = vi.fn(fetch);
    vi.stubGlobal('fetch', stub);
    expect(await streamGets(t.sim.url, () => handOffAndClose())).toEqual({ nodeHttp: 0, undici: 1 });
    expect(stub.mock.calls.filter(([url]) => String(url).includes(SSE))).toHaveLength(1);
  });
});
