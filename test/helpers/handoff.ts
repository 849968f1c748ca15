import type { RunningSimulator } from '../../simulator/index.ts';
import type { ChannelSink, Handoff, HandoffResult, RepEvent } from '../../client/index.ts';

/** A handoff configuration pointing at an in-process simulator, with instant retries unless overridden. */
export function configFor(sim: RunningSimulator, overrides: Record<string, unknown> = {}) {
  return { ...sim.clientConfig, retry: { baseDelayMs: 100 }, ...overrides };
}

/** The messaging handoff a test expects, narrowed from `handoff()`'s result; an Email Case fails the test, naming it. */
export function messaging(result: HandoffResult): Handoff {
  if (result.kind !== 'messaging') throw new Error(`expected a messaging handoff, got Email Case ${result.caseNumber}`);
  return result;
}

/** Sleep that records the delays asked for and does not wait: retries tested without real waiting. */
export function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** A channel sink that keeps what it was given and lets a test wait for it. */
export class RecordingSink implements ChannelSink {
  readonly events: RepEvent[] = [];
  private waiters: Array<() => void> = [];

  deliver(event: RepEvent): void {
    this.events.push(event);
    for (const w of this.waiters.splice(0)) w();
  }

  messages(): string[] {
    return this.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  }

  async waitFor(predicate: (events: RepEvent[]) => boolean, timeoutMs = 10_000): Promise<RepEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; sink got: ${JSON.stringify(this.events, null, 1)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.events;
  }
}
