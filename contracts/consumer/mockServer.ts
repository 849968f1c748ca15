import { setTimeout as sleep } from 'node:timers/promises';
import { PactV4 } from '@pact-foundation/pact';
import { CONSUMER, PACT_LOG_LEVEL, PACT_RUN_DIR, PROVIDER } from '../contract.ts';

type V4UnconfiguredInteraction = ReturnType<PactV4['addInteraction']>;
type V4InteractionWithResponse = ReturnType<ReturnType<V4UnconfiguredInteraction['withRequest']>['willRespondWith']>;
type MockServer = Parameters<Parameters<V4InteractionWithResponse['executeTest']>[0]>[0];

export const newPact = (provider = PROVIDER) => new PactV4({ consumer: CONSUMER, provider, dir: PACT_RUN_DIR, logLevel: PACT_LOG_LEVEL });

/** An HTTP interaction with a provider, defined once and added to whichever mock server a test needs it on. */
export interface InteractionDef {
  description: string;
  provider: string;
  add(pact: PactV4): V4InteractionWithResponse;
}

export const defineInteraction = (description: string, build: (i: V4UnconfiguredInteraction) => V4InteractionWithResponse, provider = PROVIDER): InteractionDef => ({
  description,
  provider,
  add: (pact) => build(pact.addInteraction().uponReceiving(description)),
});

/**
 * One mock server holding these interactions (all with the same provider). They are declared in description order: Pact merges
 * each test's interactions into the pact file in that order, and declared otherwise an interaction
 * two tests share can be written twice.
 */
export function mockServerWith(...defs: InteractionDef[]) {
  const providers = new Set(defs.map((def) => def.provider));
  if (providers.size !== 1) throw new Error(`[contracts] one mock server plays one provider; these interactions name ${[...providers].join(', ')}`);
  const pact = newPact(defs[0]!.provider);
  const last = [...defs]
    .sort((a, b) => (a.description < b.description ? -1 : 1))
    .map((def) => def.add(pact))
    .at(-1)!;
  return {
    executeTest: <T>(test: (mock: MockServer) => Promise<T>) =>
      last.executeTest(async (mock) => {
        const result = await test(mock);
        await matchesRecorded(pact, mock.port);
        return result;
      }),
  };
}

/**
 * Pact 16.3+ records a matched request on its mock server asynchronously, after answering it; under
 * load the check right after the test can miss the last request ("expected but not received",
 * pact-reference#535, pact-core-mock-server#13). Wait, briefly, until every interaction shows as
 * received; if one never does, Pact reports it as before.
 */
async function matchesRecorded(pact: PactV4, port: number, timeoutMs = 2000): Promise<void> {
  const core = (pact as unknown as { pact?: { mockServerMatchedSuccessfully?: (port: number) => boolean } }).pact;
  if (typeof core?.mockServerMatchedSuccessfully !== 'function') return void (await sleep(50));
  for (const deadline = Date.now() + timeoutMs; !core.mockServerMatchedSuccessfully(port) && Date.now() < deadline; ) await sleep(10);
}

type V4RequestBuilder = Parameters<NonNullable<Parameters<V4UnconfiguredInteraction['withRequest']>[2]>>[0];

/**
 * A form-encoded request body whose fields may hold matchers. pact-js 16 has no builder for it:
 * `body()` takes raw bytes and adds a binary content-type check that a form never passes, while
 * the core, given the fields as JSON, writes a form body with per-field rules (`$.assertion`).
 * So this hands the fields to the core's request-body call directly.
 */
export function formBody(builder: V4RequestBuilder, fields: Record<string, unknown>): V4RequestBuilder {
  const core = (builder as unknown as { interaction?: { withRequestBody?: (body: string, contentType: string) => boolean } }).interaction;
  if (typeof core?.withRequestBody !== 'function') throw new Error('[contracts] this pact-js has no request-body call on its builder: see formBody in contracts/consumer/mockServer.ts');
  core.withRequestBody(JSON.stringify(fields), 'application/x-www-form-urlencoded');
  return builder;
}
