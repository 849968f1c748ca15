import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandoffClient, StreamError, TokenExchangeError } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { describeNetworkFailure } from '../../client/networkFailure.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { closedPort } from '../helpers/cli.ts';
import { configFor, messaging, RecordingSink, recordingSleep } from '../helpers/handoff.ts';
import { useSim } from '../helpers/sim.ts';

/** What describeNetworkFailure makes of a real fetch to this URL, which must fail. */
async function failureOf(url: string) {
  try {
    await fetch(url);
  } catch (err) {
    return describeNetworkFailure(err, url);
  }
  throw new Error(`${url} answered`);
}

const fetchFailed = (cause: Error & { code?: string }) => new TypeError('fetch failed', { cause });
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('why a request got no answer, from real fetch failures', () => {
  let plain: Server;
  let tlsSim: RunningSimulator;
  beforeAll(async () => {
    plain = createServer((_req, res) => res.end('plain http'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    tlsSim = await startSimulator({ tls: true, log: () => undefined });
  });
  afterAll(async () => {
    await new Promise((resolve) => plain.close(resolve));
    await tlsSim.stop();
  });

  it('a closed port: connection refused, worth retrying', async () => {
    const port = await closedPort();
    const failure = await failureOf(`http://127.0.0.1:${port}/`);
    expect(failure).toMatchObject({ reason: `connection refused by 127.0.0.1:${port} (ECONNREFUSED)`, retryable: true });
    expect(failure.hint).toMatch(/^nothing listens on that host and port: start the simulator/);
  });

  it('a port fetch will not use: "bad port", never retried', async () => {
    const failure = await failureOf('http://127.0.0.1:6000/');
    expect(failure).toMatchObject({ reason: 'port 6000 is one fetch refuses to use (a "bad port" in the Fetch standard)', retryable: false });
    expect(failure.hint).toContain('--port 4242');
  });

  it('https:// to a plain-HTTP server: it does not speak HTTPS', async () => {
    const { port } = plain.address() as { port: number };
    const failure = await failureOf(`https://127.0.0.1:${port}/`);
    expect(failure.reason).toMatch(new RegExp(`^TLS problem: 127\\.0\\.0\\.1:${port} does not speak HTTPS \\(\\w+\\)$`));
    expect(failure).toMatchObject({ hint: expect.stringContaining('use http://'), retryable: false });
  });

  it('a certificate this process does not trust: a TLS problem naming the host', async () => {
    const failure = await failureOf(`${tlsSim.url}/__sim/v1/health`);
    expect(failure.reason).toMatch(/^TLS problem: the certificate of 127\.0\.0\.1 is not trusted \([A-Z_]+\)$/);
    expect(failure).toMatchObject({ hint: expect.stringContaining('NODE_EXTRA_CA_CERTS'), retryable: false });
  });

  it('a DNS failure, a timeout, and a cause it has no words for, from the shapes fetch gives them', () => {
    const url = 'https://acme.my.salesforce-scrt.com/iamessage/api/v2/conversation';
    expect(describeNetworkFailure(fetchFailed(withCode('getaddrinfo ENOTFOUND acme.my.salesforce-scrt.com', 'ENOTFOUND')), url)).toMatchObject({
      reason: 'DNS lookup failed: no host named acme.my.salesforce-scrt.com (ENOTFOUND)',
      retryable: false,
    });
    expect(describeNetworkFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), url, 15_000).reason).toBe('no answer within 15000 ms');
    const odd = describeNetworkFailure(fetchFailed(withCode('something odd happened', 'EODD')), url);
    expect(odd.reason).toBe('something odd happened (EODD)');
    expect(odd.reason).not.toContain('fetch failed');
  });
});

describe('the handoff client names why the messaging URL got no answer', () => {
  const t = useSim();

  it('connection refused: the error names it and the port, and the hint what to do (retried)', async () => {
    const port = await closedPort();
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, { messagingUrl: `http://127.0.0.1:${port}` }), { sleep });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect((error as Error).message).toContain(`POST /iamessage/api/v2/authorization/authenticated/access-token failed: connection refused by 127.0.0.1:${port} (ECONNREFUSED)`);
    expect((error as TokenExchangeError).hint).toMatch(/^nothing listens on that host and port/);
    expect(delays).toHaveLength(3);
  });

  it('an event stream that cannot reconnect: the StreamError names the last cause', async () => {
    const refused: typeof fetch = async (input, init) => {
      if (String(input).includes('/eventrouter/')) throw fetchFailed(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'));
      return fetch(input, init);
    };
    const { sleep } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim), { fetch: refused, sleep, stream: { reconnectBaseMs: 1, maxReconnects: 2 } });
    const handoff = messaging(await client.handoff(fakeSession(), new RecordingSink()));
    const error = await handoff.stream.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toContain(`the event stream dropped and 2 reconnects failed: connection refused by 127.0.0.1:${new URL(t.sim.url).port} (ECONNREFUSED)`);
    expect((error as StreamError).hint).toMatch(/^nothing listens on that host and port/);
  });

  it('a bad port: named, and not retried since it can never work', async () => {
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, { messagingUrl: 'http://127.0.0.1:6000' }), { sleep });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('port 6000 is one fetch refuses to use');
    expect(error).toMatchObject({ retryable: false });
    expect(delays).toEqual([]);
  });
});
