import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHandoffClient, type Handoff, type HandoffResult } from '../client/index.ts';
import { fakeSession } from '../client/fakeSession.ts';
import type { ChannelSink, HandoffStep, RepEvent } from '../client/types.ts';
import { generateRsaKeyPair, startSimulator } from '../simulator/index.ts';
import { cpuSeconds } from './cpuTime.ts';
import { startSimulatorProcess } from './simulatorProcess.ts';

/** Pause between two measured handoffs (ms): see `measureHandoffs`. */
const SETTLE_MS = 2;

/** The bench hands off without settings: every handoff is a messaging one. */
function messaging(result: HandoffResult): Handoff {
  if (result.kind !== 'messaging') throw new Error(`[bench] expected a messaging handoff, got Email Case ${result.caseNumber}`);
  return result;
}

/** Where the handoffs go: a simulator in this process (client and simulator share one thread), or in a process of its own. */
export type SimulatorPlace = 'in-process' | 'own process';

interface HandoffTarget {
  clientConfig: Parameters<typeof createHandoffClient>[0];
  url: string;
  /** The simulator's process id when it runs apart (its CPU is read from /proc), else undefined. */
  simPid?: number;
  stop(): Promise<void>;
}

async function startTarget(place: SimulatorPlace): Promise<HandoffTarget> {
  if (place === 'in-process') {
    const sim = await startSimulator({ log: () => {} });
    return { clientConfig: sim.clientConfig, url: sim.url, stop: () => sim.stop() };
  }
  // A key pair of this run, handed to the simulator on stdin: the client here signs with it.
  const keys = await generateRsaKeyPair();
  const sim = await startSimulatorProcess(undefined, keys);
  const clientConfig = {
    messagingUrl: sim.url,
    orgId: sim.orgId,
    esDeveloperName: sim.esDeveloperName,
    authPublicKeyPem: keys.publicKeyPem,
    authPrivateKeyPem: keys.privateKeyPem,
    authKeyId: sim.kid,
    issuer: sim.issuer,
  };
  return { clientConfig, url: sim.url, simPid: sim.pid, stop: async () => sim.kill() };
}

/** One measured handoff: until `handoff()` resolved, each step (its `started` to its `done` report), and until the event stream answered. */
export interface HandoffSample {
  handoffMs: number;
  steps: Partial<Record<HandoffStep, number>>;
  /** From `handoff()` resolving to the event stream's response head (the client then follows the rep's side). */
  streamOpenMs: number;
}

export interface HandoffRun {
  place: SimulatorPlace;
  /** The first handoff of a new client against a new simulator (cold code paths, first connection). */
  firstMs: number;
  samples: HandoffSample[];
  /** CPU time of this process per measured handoff (client, and the simulator too when in-process), in µs. */
  cpuUsPerHandoff: number;
  /** CPU time of the simulator's process per measured handoff, in µs (own process only). */
  simCpuUsPerHandoff?: number;
  /** One-minute load average before and after the measured handoffs. */
  load: [number, number];
  /** Rep message (control API) to the channel sink, ms. */
  replyMs: number[];
}

/** Where each transport reports a response head: undici's fetch, and Node's http client (the client's node:http stream on loopback). */
const RESPONSE_HEAD_CHANNELS = ['undici:request:headers', 'http.client.response.finish'];

/**
 * Resolves with the next event stream response head this process receives, over fetch or node:http
 * (their diagnostics channels: the client's own code is not touched). Handoffs run one at a time,
 * so the next stream to answer is the one the handoff just started.
 */
function nextStreamHead(): { opened: Promise<number>; cancel: () => void } {
  let done!: (at: number) => void;
  const opened = new Promise<number>((resolve) => (done = resolve));
  const onHeaders = (message: unknown) => {
    const { request } = message as { request: { path: string } };
    if (!request.path.startsWith('/eventrouter/v1/sse')) return;
    cancel();
    done(performance.now());
  };
  const cancel = () => RESPONSE_HEAD_CHANNELS.forEach((name) => unsubscribe(name, onHeaders));
  RESPONSE_HEAD_CHANNELS.forEach((name) => subscribe(name, onHeaders));
  return { opened, cancel };
}

const processCpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Full handoffs (every step, a new contact each time, so a real token exchange), one at a time:
 * `warmup` unmeasured ones first (the first of them timed on its own: a cold start), then `handoffs`
 * measured, each waiting for its event stream to answer before closing it, with a pause of
 * SETTLE_MS after each so the closed stream's teardown is not timed as part of the next handoff's
 * first step (the pause is outside every timed span; CPU per handoff still counts the teardown).
 * Then the time from a rep's message (control API) to the channel sink, `replies` times.
 */
export async function measureHandoffs(place: SimulatorPlace, options: { warmup: number; handoffs: number; replies: number }): Promise<HandoffRun> {
  const target = await startTarget(place);
  try {
    const client = createHandoffClient(target.clientConfig);
    const one = async (): Promise<HandoffSample> => {
      const session = fakeSession();
      const started: Partial<Record<HandoffStep, number>> = {};
      const steps: Partial<Record<HandoffStep, number>> = {};
      const head = nextStreamHead();
      const t0 = performance.now();
      const h = messaging(
        await client.handoff(session, { deliver: () => {} }, {
          onStep: ({ step, status }) => {
            if (status === 'started') started[step] = performance.now();
            else if (status === 'done' && started[step] !== undefined) steps[step] = performance.now() - started[step]!;
          },
        }),
      );
      const t1 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), 30_000)));
      const opened = await Promise.race([head.opened, gaveUp, h.stream.done.then(() => Number.NaN, () => Number.NaN)]);
      clearTimeout(timer);
      head.cancel();
      h.stream.close();
      if (Number.isNaN(opened)) throw new Error('[bench] the event stream did not open (ended, or no answer within 30 s)');
      // The stream's teardown (the aborted request, the server letting go of it) belongs to no
      // handoff: let it finish before the next one starts, rather than inside its first step.
      await h.stream.done.catch(() => {});
      await sleep(SETTLE_MS);
      return { handoffMs: t1 - t0, steps, streamOpenMs: opened - t1 };
    };

    const firstMs = (await one()).handoffMs;
    for (let i = 1; i < options.warmup; i++) await one();
    const loadBefore = loadavg()[0]!;
    const cpu0 = processCpuUs();
    const sim0 = cpuSeconds(target.simPid);
    const samples: HandoffSample[] = [];
    for (let i = 0; i < options.handoffs; i++) samples.push(await one());
    const cpuUsPerHandoff = (processCpuUs() - cpu0) / options.handoffs;
    const sim1 = cpuSeconds(target.simPid);
    const simCpuUsPerHandoff = sim0 === undefined || sim1 === undefined ? undefined : ((sim1 - sim0) * 1e6) / options.handoffs;
    const load: [number, number] = [loadBefore, loadavg()[0]!];

    let onMessage: (e: RepEvent) => void = () => {};
    const sink: ChannelSink = { deliver: (e) => onMessage(e) };
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const replyMs: number[] = [];
    for (let i = 0; i < options.replies; i++) {
      const text = `reply ${i}`;
      const arrived = new Promise<number>((resolve) => {
        onMessage = (e) => {
          if (e.type === 'message' && e.text === text) resolve(performance.now());
        };
      });
      const t0 = performance.now();
      await fetch(`${target.url}/__sim/v1/conversations/${handoff.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      replyMs.push((await arrived) - t0);
    }
    handoff.stream.close();
    return { place, firstMs, samples, cpuUsPerHandoff, simCpuUsPerHandoff, load, replyMs };
  } finally {
    await target.stop();
  }
}

/**
 * Full handoffs per second: `total` handoffs (each a new contact) by `concurrency` workers sharing
 * one client, against an in-process simulator (client and simulator share this process's CPU).
 */
export async function measureHandoffRate(total: number, concurrency: number): Promise<number> {
  const sim = await startSimulator({ log: () => {} });
  const client = createHandoffClient(sim.clientConfig);
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const h = messaging(await client.handoff(fakeSession(), { deliver: () => {} }));
        h.stream.close();
      }
    }),
  );
  const rate = total / ((performance.now() - t0) / 1000);
  await sim.stop();
  return rate;
}
