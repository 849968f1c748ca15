import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandoffClient } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { transportKind } from '../../client/transport.ts';
import { configFor, messaging } from '../helpers/handoff.ts';
import { requestsTo } from '../helpers/requestsTo.ts';
import { useSim } from '../helpers/sim.ts';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
type Dispatching = { dispatch: (...args: unknown[]) => unknown };
const globals = globalThis as unknown as Record<symbol, Dispatching | undefined>;

/** A rerouting dispatcher as a host application sets one (`setGlobalDispatcher(new ProxyAgent(...))`): here it forwards to Node's own. */
class ProxyAgent {
  constructor(private readonly to: Dispatching) {}
  dispatch(...args: unknown[]) {
    return this.to.dispatch(...args);
  }
}

/** Node's own dispatcher, created by a first fetch if none ran yet. */
async function nodeDispatcher(url: string): Promise<Dispatching> {
  if (!globals[GLOBAL_DISPATCHER]) await (await fetch(`${url}/`)).text();
  return globals[GLOBAL_DISPATCHER]!;
}

/** The paths of the MIAW REST requests undici's fetch sent to `origin` while `run` ran (the event stream's GET: streamTransportChoice.test.ts). */
async function fetchedPaths(origin: string, run: () => Promise<void>): Promise<string[]> {
  return (await requestsTo(origin, run)).undici.filter((path) => path.startsWith('/iamessage/'));
}

describe('which transport a MIAW request takes', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('node:http only for plain http to loopback, on a port fetch allows', () => {
    for (const url of ['http://127.0.0.1:4242', 'http://[::1]:4242/x', 'http://localhost:4242', 'http://localhost']) expect(transportKind(url), url).toBe('node-http');
    for (const url of [
      'https://127.0.0.1:4242', // TLS: fetch's
      'https://acme.my.salesforce-scrt.com',
      'http://acme.example.test:4242', // another host
      'http://10.1.2.3:4242',
      'http://127.0.0.2:4242',
      'http://127.0.0.1:6000', // a bad port: fetch refuses it, and so it must still fail
      'http://user:secret@127.0.0.1:4242', // credentials in the URL: fetch refuses those too
      'not a url',
    ]) {
      expect(transportKind(url), url).toBe('fetch');
    }
  });

  it('fetch whenever the caller gave one, or the global fetch is stubbed or replaced', () => {
    expect(transportKind('http://127.0.0.1:4242', fetch)).toBe('fetch');
    vi.stubGlobal('fetch', vi.fn());
    expect(transportKind('http://127.0.0.1:4242')).toBe('fetch');
  });

  describe('against the simulator', () => {
    const t = useSim();
    const handOff = async (deps?: Parameters<typeof createHandoffClient>[1]) => {
      const h = messaging(await createHandoffClient(configFor(t.sim), deps).handoff(fakeSession(), { deliver: () => {} }));
      h.stream.close();
      await h.stream.done.catch(() => {});
    };

    it('a plain handoff sends no MIAW request through fetch', async () => {
      expect(await fetchedPaths(t.sim.url, () => handOff())).toEqual([]);
    });

    it('a given fetch gets every request', async () => {
      const given = vi.fn(fetch);
      const paths = await fetchedPaths(t.sim.url, () => handOff({ fetch: given }));
      expect(paths).toEqual(expect.arrayContaining(['/iamessage/api/v2/authorization/authenticated/access-token', '/iamessage/api/v2/conversation']));
      expect(given.mock.calls.map(([url]) => String(url)).filter((u) => u.includes('/iamessage/'))).toHaveLength(paths.length);
    });

    it('a stubbed global fetch gets every request (tests that stub fetch keep working)', async () => {
      const stub = vi.fn(fetch);
      vi.stubGlobal('fetch', stub);
      await handOff();
      expect(stub.mock.calls.map(([url]) => new URL(String(url)).pathname)).toEqual(expect.arrayContaining(['/iamessage/api/v2/authorization/authenticated/access-token', '/iamessage/api/v2/conversation']));
    });

    it('a rerouting global dispatcher, set even after the client was made, gets every request', async () => {
      const own = await nodeDispatcher(t.sim.url);
      expect(transportKind(t.sim.url)).toBe('node-http');
      const client = createHandoffClient(configFor(t.sim));
      globals[GLOBAL_DISPATCHER] = new ProxyAgent(own);
      try {
        expect(transportKind(t.sim.url)).toBe('fetch');
        const paths = await fetchedPaths(t.sim.url, async () => {
          const h = messaging(await client.handoff(fakeSession(), { deliver: () => {} }));
          h.stream.close();
          await h.stream.done.catch(() => {});
        });
        expect(paths).toEqual(expect.arrayContaining(['/iamessage/api/v2/authorization/authenticated/access-token', '/iamessage/api/v2/conversation']));
      } finally {
        globals[GLOBAL_DISPATCHER] = own;
      }
      expect(transportKind(t.sim.url)).toBe('node-http');
    });
  });
});
