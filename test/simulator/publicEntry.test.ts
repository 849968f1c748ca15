import { describe, expect, it } from 'vitest';
import * as entry from '../../simulator/index.ts';
import { startSimulator } from '../../simulator/index.ts';
import { createHandoffClient } from '../../client/index.ts';
import { call, getGuestToken, show, startConversation } from '../helpers/sim.ts';

describe('the public entry (simulator/index.ts)', () => {
  it('exports no internals: no context, store or routing objects', () => {
    expect(Object.keys(entry)).not.toContain('createContext');
    expect(Object.keys(entry).filter((name) => /store|context|omni|routing/i.test(name))).toEqual([]);
  });

  it('gives a running simulator without its services: state is read through exportState() and the control API', async () => {
    const sim = await startSimulator();
    try {
      expect(Object.keys(sim)).not.toContain('ctx');
      expect(Object.keys(sim)).not.toContain('store');
      const { accessToken } = await getGuestToken(sim);
      const id = await startConversation(sim, accessToken);
      const exported = sim.exportState();
      expect(exported.conversations.map((c) => c.id)).toEqual([id]);
      const viaApi = await call(sim, 'GET', '/__sim/v1/state');
      expect(viaApi.body.conversations[0].entries).toEqual(JSON.parse(JSON.stringify(exported.conversations[0]!.entries)));
      expect((await fetch(`${sim.controlUrl}/health`)).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('gives the client a stream idle time longer than two of its pings, so a slow-pinging simulator is not taken for stalled', async () => {
    for (const [pingIntervalMs, idle] of [[25_000, 55_000], [40_000, 85_000], [10_000_000, 3_600_000]] as const) {
      const sim = await startSimulator({ pingIntervalMs });
      try {
        expect(sim.clientConfig.streamIdleTimeoutMs, `ping every ${pingIntervalMs} ms`).toBe(idle);
        expect(() => createHandoffClient(sim.clientConfig)).not.toThrow();
      } finally {
        await sim.stop();
      }
    }
  });

  it('refuses a state to start from whose entries are malformed, naming the field', async () => {
    const source = await startSimulator();
    const { accessToken } = await getGuestToken(source);
    await startConversation(source, accessToken);
    const state = source.exportState();
    await source.stop();
    (state.conversations[0]!.entries[0]!.payload as Record<string, unknown>).routingType = 'Sideways';
    await expect(startSimulator({ state })).rejects.toThrow(/Cannot import the state given to startSimulator: conversations\.0\.entries\.0\.payload\.routingType: /);
  });

  it('starts from a state export as GET /state gives it, entries and all', async () => {
    const source = await startSimulator();
    const { accessToken } = await getGuestToken(source);
    const id = await startConversation(source, accessToken);
    await call(source, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text: 'kept across the restart' } });
    const state = (await call(source, 'GET', '/__sim/v1/state')).body;
    await source.stop();
    const restarted = await startSimulator({ state });
    try {
      const c = await call(restarted, 'GET', `/__sim/v1/conversations/${id}`);
      expect(c.status, show(c)).toBe(200);
      expect(c.body.entries.map((e: any) => e.entryType)).toEqual(['RoutingResult', 'ParticipantChanged', 'Message']);
      expect(c.body.entries[2].entryPayload.abstractMessage.staticContent.text).toBe('kept across the restart');
    } finally {
      await restarted.stop();
    }
  });
});
