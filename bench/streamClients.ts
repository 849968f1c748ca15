/**
 * The customer side of the stream and memory benchmarks, in a process of its own (forked by
 * bench/streamClientsProcess.ts, argv[2] = the simulator's address as JSON). Holds thousands of
 * customers and their event streams and answers one IPC command at a time (see ClientCommand).
 */
import { closeStream, createCustomer, customerSays, openStream, repAccepts, repSays, type Customer } from './sseCustomer.ts';
import type { BulkResult, ClientCommand, ClientReply } from './streamClientsProcess.ts';
import type { SimulatorAddress } from './simulatorProcess.ts';

/** Requests in flight while setting up: enough to keep the simulator busy without queueing thousands. */
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY ?? 64);
/** Untimed rep messages before the timed ones: the simulator's JIT needs about this many to settle. */
const WARMUP = 300;
/** A rep message not on its stream by then counts as lost. */
const ARRIVAL_TIMEOUT_MS = 10_000;

const sim = JSON.parse(process.argv[2]!) as SimulatorAddress;
const customers: Customer[] = [];
const arrivals = new Map<string, (at: number) => void>();
const onMessageText = (text: string) => {
  arrivals.get(text)?.(performance.now());
  arrivals.delete(text);
};

/** Run `work` on every item with at most `limit` in flight; failures are counted, not thrown. */
async function bounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<BulkResult> {
  const t0 = performance.now();
  const result: BulkResult = { ms: 0, done: 0, failed: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        try {
          await work(items[next++]!);
          result.done++;
        } catch (error) {
          result.failed++;
          result.firstError ??= String(error);
        }
      }
    }),
  );
  result.ms = performance.now() - t0;
  return result;
}

async function addCustomers(count: number, messages: boolean): Promise<BulkResult> {
  return bounded(Array.from({ length: count }, (_, i) => i), SETUP_CONCURRENCY, async (i) => {
    const customer = await createCustomer(sim);
    if (messages) {
      await customerSays(sim, customer, `customer ${i}`);
      await repSays(sim, customer.conversationId, `rep ${i}`);
    }
    customers.push(customer);
  });
}

/** One rep message through the control API: ms from the POST's start to its frame on the customer's stream. */
async function timedRepMessage(customer: Customer): Promise<number> {
  const text = `latency ${crypto.randomUUID()}`;
  const arrived = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rep message not on its stream within ${ARRIVAL_TIMEOUT_MS} ms`)), ARRIVAL_TIMEOUT_MS);
    arrivals.set(text, (at) => {
      clearTimeout(timer);
      resolve(at);
    });
  });
  arrived.catch(() => {}); // a failed POST below must not leave this rejection unhandled
  const t0 = performance.now();
  await repSays(sim, customer.conversationId, text);
  return (await arrived) - t0;
}

/**
 * Rep messages to `samples` conversations spread evenly over the open streams, one at a time. First
 * WARMUP untimed ones to the first conversation (a cold simulator's first requests say little), then
 * the rep accepts each other sampled conversation (timed apart, as `acceptMs`), so every timed
 * message is a plain rep message to an accepted conversation.
 */
async function latency(samples: number): Promise<BulkResult & { latencies: number[]; acceptMs: number[] }> {
  const streaming = customers.filter((c) => c.stream);
  if (streaming.length === 0) throw new Error('no open stream to time rep messages on');
  const sampled = Array.from({ length: samples }, (_, i) => streaming[Math.floor((i * streaming.length) / samples)]!);
  const warmUp = await bounded(Array.from({ length: WARMUP }, () => streaming[0]!), 1, async (c) => void (await timedRepMessage(c)));
  if (warmUp.failed > 0) throw new Error(`warm-up rep messages failed: ${warmUp.firstError}`);
  const acceptMs: number[] = [];
  const accepting = await bounded([...new Set(sampled)].filter((c) => c !== streaming[0]), 1, async (customer) => {
    const t0 = performance.now();
    await repAccepts(sim, customer.conversationId);
    acceptMs.push(performance.now() - t0);
  });
  if (accepting.failed > 0) throw new Error(`the rep could not accept ${accepting.failed} conversations: ${accepting.firstError}`);
  const latencies: number[] = [];
  const result = await bounded(sampled, 1, async (customer) => void latencies.push(await timedRepMessage(customer)));
  return { ...result, latencies, acceptMs };
}

async function handle(command: ClientCommand): Promise<BulkResult & { latencies?: number[]; acceptMs?: number[] }> {
  switch (command.type) {
    case 'customers':
      return addCustomers(command.count, command.messages);
    case 'openStreams':
      return bounded(customers.filter((c) => !c.stream), SETUP_CONCURRENCY, (c) => openStream(sim, c, onMessageText));
    case 'closeStreams':
      return bounded(customers, SETUP_CONCURRENCY, closeStream);
    case 'latency':
      return latency(command.samples);
  }
}

process.on('message', (command: ClientCommand) => {
  handle(command).then(
    (result) => {
      const reply: ClientReply = { ...result, openStreams: customers.filter((c) => c.stream).length };
      process.send!(reply);
    },
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
