import { describe, expect, it, vi } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink } from '../helpers/handoff.ts';

describe('the handoff client on the event stream', () => {
  const t = useSim();

  it('sends the 15-character org id in X-Org-Id even when configured with the 18-character form', async () => {
    const sent: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/eventrouter/v1/sse')) sent.push(new Headers(init?.headers).get('x-org-id') ?? '(none)');
      return fetch(input, init);
    };
    expect(t.sim.orgId18).toHaveLength(18);
    const client = createHandoffClient(configFor(t.sim, { orgId: t.sim.orgId18 }), { fetch: recordingFetch });
    const handoff = messaging(await client.handoff(fakeSession({ seed: 3 }), new RecordingSink()));
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));
    handoff.stream.close();
    expect(new Set(sent)).toEqual(new Set([t.sim.orgId]));
    expect(t.sim.orgId).toHaveLength(15);
  });
});
