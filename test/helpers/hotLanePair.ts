import { afterAll, beforeAll, expect, vi } from 'vitest';
import { hotLane } from '../../simulator/http/hotLane.ts';
import { createApp } from '../../simulator/server/app.ts';
import { hotRoutes } from '../../simulator/routes/hotRoutes.ts';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { listenOn, send, type Raw, type Sent } from './bothPaths.ts';
import { useSim } from './sim.ts';

// The hot lane (http/hotLane.ts) serves data-plane operations without express. Here it listens
// alone, on the simulator's own state, next to the express app alone: a request it declines gets
// 599, so every case proves which path answered. `same` sends each request to express first, then to
// the hot lane; status, raw headers and body bytes must match, and so must the two journal records.

export type Target = 'express' | 'hot';
type Listening = Awaited<ReturnType<typeof listenOn>>;

/** A simulator (time standing still), the express app alone and the hot lane alone on its state, for one test file. */
export function useHotLanePair() {
  const suite = useSim({ clock: new ManualClock() });
  let express: Listening;
  let hot: Listening;
  const full: Listening = { get url() { return suite.sim.url; }, close: async () => undefined };

  beforeAll(async () => {
    express = await listenOn(createApp(suite.ctx));
    const lane = hotLane(suite.ctx, hotRoutes(suite.ctx));
    hot = await listenOn((req, res) => {
      if (!lane(req, res)) res.writeHead(599).end();
    });
  });
  afterAll(async () => {
    await express.close();
    await hot.close();
  });

  /** The newest journal record once one newer than `after` is there (the journal writes when the connection closes). */
  async function journaledAfter(after: number) {
    return vi.waitFor(() => {
      const last = suite.ctx.store.journal.list().at(-1);
      expect(last?.seq ?? 0).toBeGreaterThan(after);
      return last!;
    });
  }
  const lastSeq = () => suite.ctx.store.journal.list().at(-1)?.seq ?? 0;

  /**
   * Through express, then through `other` (the hot lane unless said): the same answer and the same
   * journal record (but for a refused Host, which neither journals: the check comes first, and a
   * preflight, which is never journaled).
   */
  async function same(req: Sent | ((target: Target) => Sent), normalise: (text: string) => string = (t) => t, other: 'hot' | 'full' = 'hot'): Promise<Raw> {
    const of = (target: Target) => (typeof req === 'function' ? req(target) : req);
    const journaled = of('express').headers?.host === undefined && of('express').method !== 'OPTIONS';
    const before = lastSeq();
    const viaExpress = await send(express.url, of('express'));
    const recordA = journaled ? await journaledAfter(before) : undefined;
    const viaOther = await send(other === 'hot' ? hot.url : full.url, of('hot'));
    expect({ ...viaOther, body: normalise(viaOther.body) }).toEqual({ ...viaExpress, body: normalise(viaExpress.body) });
    if (!recordA) return viaOther;
    const recordB = await journaledAfter(recordA.seq);
    const comparable = ({ seq: _s, durationMs: _d, ...record }: typeof recordA) => normalise(JSON.stringify(record));
    expect(comparable(recordB)).toBe(comparable(recordA));
    return viaOther;
  }

  return {
    suite,
    same,
    lastSeq,
    journaledAfter,
    /** A listener's URL (once started): the express app alone, the hot lane alone, or the simulator as it listens. */
    urlOf: (listener: Target | 'full') => (listener === 'express' ? express : listener === 'hot' ? hot : full).url,
  };
}
