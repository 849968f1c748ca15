import { setTimeout as sleep } from 'node:timers/promises';
import type { MemorySample } from './simulatorProcess.ts';
import { benchSettings, median, type Figures } from './stats.ts';
import { withSimulatorAndClients, type ClientReply } from './streamClientsProcess.ts';

/** Conversations (and then streams) added per run; figures are scaled to per 1,000. */
const COUNT = Number(process.env.BENCH_MEMORY_COUNT ?? 1000);

interface MemoryRun {
  idleMb: number;
  perConversationsMb: number;
  perStreamsMb: number;
  leftAfterCloseMb: number;
}

const mustAllWork = (what: string, reply: ClientReply): void => {
  if (reply.failed > 0) throw new Error(`${what}: ${reply.failed} failed; first error: ${reply.firstError}`);
};

/**
 * What is held: RSS without V8's young generation, which is 1-32 MB depending only on how busy the
 * last few seconds were (it shrinks back after ~5 s idle) and would otherwise swamp 1,000 conversations.
 */
const held = (m: MemorySample): number => m.rssMb - m.youngMb;

/**
 * A fresh simulator process idle, after COUNT conversations (guest token, conversation, one customer
 * and one rep message each; no stream), after an event stream for each, and after closing them again.
 */
async function memoryRun(journalLimit: number | undefined): Promise<MemoryRun> {
  return withSimulatorAndClients(journalLimit, async (sim, clients) => {
    const idle = await sim.memory();
    mustAllWork(`${COUNT} conversations`, await clients.send({ type: 'customers', count: COUNT, messages: true }));
    const withConversations = held(await sim.memory());
    const journaled = ((await (await fetch(`${sim.url}/__sim/v1/journal`)).json()) as { requests: unknown[] }).requests.length;
    if (journalLimit === 0 && journaled > 0) throw new Error(`journalLimit 0 still kept ${journaled} journal records`);
    mustAllWork(`${COUNT} streams`, await clients.send({ type: 'openStreams' }));
    const withStreams = held(await sim.memory());
    mustAllWork(`closing ${COUNT} streams`, await clients.send({ type: 'closeStreams' }));
    await sleep(1500); // closed sockets' native parts are released over about a second
    const afterClose = held(await sim.memory());
    const per1000 = 1000 / COUNT;
    return {
      idleMb: idle.rssMb,
      perConversationsMb: (withConversations - held(idle)) * per1000,
      perStreamsMb: (withStreams - withConversations) * per1000,
      leftAfterCloseMb: (afterClose - withConversations) * per1000,
    };
  });
}

/**
 * Simulator RSS per 1,000 open conversations and per 1,000 open streams, journal on (the default
 * limit, 2,000 requests) and off (limit 0: nothing is kept). Each a median of runs on fresh processes.
 */
export async function memory(): Promise<Figures> {
  const results: Figures = {};
  for (const [journal, journalLimit] of [['on', undefined], ['off', 0]] as const) {
    const runs: MemoryRun[] = [];
    for (let i = 0; i < Math.min(benchSettings.runs, 3); i++) runs.push(await memoryRun(journalLimit));
    results[`RSS of an idle simulator, journal ${journal} (MB)`] = median(runs.map((r) => r.idleMb));
    results[`RSS per 1,000 open conversations, journal ${journal} (MB)`] = median(runs.map((r) => r.perConversationsMb));
    results[`RSS per 1,000 open streams, journal ${journal} (MB)`] = median(runs.map((r) => r.perStreamsMb));
    results[`RSS per 1,000 streams still held after closing them, journal ${journal} (MB)`] = median(runs.map((r) => r.leftAfterCloseMb));
  }
  return results;
}
