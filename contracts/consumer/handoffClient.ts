import { generateKeyPairSync } from 'node:crypto';
import { createHandoffClient, type HandoffClientDeps, type HandoffSession } from '../../client/index.ts';
import { KID } from '../contract.ts';

/** The org the consumer is configured for (any valid org id matches the contract). */
export const ORG_ID = '00DSIM000000001';
export const ISSUER = 'miaw-sim';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** The session a bot platform hands off in every consumer test: fixed, so the pact never changes. */
export const SESSION: HandoffSession = {
  sessionId: '5f0c6a8e-2b1d-4c3e-9f7a-1e2d3c4b5a69',
  channel: 'web',
  language: 'fr',
  priority: 'High',
  contact: { id: 'contract-customer-1', name: 'Camille Martin', authenticated: true },
  summary: 'The customer wants to change the delivery address of order 1042.',
  history: [
    { speaker: 'customer', text: 'I moved last week, can you update my order?', at: '2026-01-05T09:30:00Z' },
    { speaker: 'bot', text: 'I will get a colleague to help you with that.', at: '2026-01-05T09:31:00Z' },
  ],
};

/** The handoff configuration a bot platform would give, pointed at Pact's mock server. */
export function contractConfig(mockServerUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    messagingUrl: mockServerUrl,
    orgId: ORG_ID,
    esDeveloperName: 'Sim_Web',
    authPublicKeyPem: keys.publicKey,
    authPrivateKeyPem: keys.privateKey,
    authKeyId: KID,
    issuer: ISSUER,
    retry: { retries: 0, baseDelayMs: 0 },
    ...overrides,
  };
}

/**
 * The event stream is contracted as messages, not as an HTTP interaction (its response never ends,
 * which Pact's HTTP verifier cannot check). So the client's `GET /eventrouter/v1/sse` is answered
 * here with an idle stream, and every other request goes to the mock server.
 */
export const contractFetch: typeof fetch = async (input, init) => {
  if (!String(input instanceof Request ? input.url : input).includes('/eventrouter/v1/sse')) return fetch(input, init);
  const signal = init?.signal;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener('abort', () => controller.close(), { once: true });
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
};

/** The real handoff client with the injected effects: local event stream, instant retries. */
export function contractClient(mockServerUrl: string, overrides: Record<string, unknown> = {}, deps: HandoffClientDeps = {}) {
  const sleeps: number[] = [];
  const client = createHandoffClient(contractConfig(mockServerUrl, overrides), {
    fetch: contractFetch,
    sleep: async (ms) => void sleeps.push(ms),
    ...deps,
  });
  return { client, sleeps };
}

export const noSink = { deliver: () => {} };
