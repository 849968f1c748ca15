import { randomUUID } from 'node:crypto';
import { HandoffError } from './errors.ts';

/** One acknowledgement as Salesforce's Acknowledge Entries takes it; `id` is fixed, so a retried batch repeats the same ids. */
export interface Ack {
  id: string;
  entryType: 'Delivery' | 'Read';
  conversationEntryId: string;
}

export interface ReceiptsDeps {
  /** POST one batch (retried inside on transient failures). */
  send: (acks: Ack[]) => Promise<unknown>;
  /** A real wait (not the retry sleep, which tests make instant): how acks gather into a batch. */
  wait: (ms: number) => Promise<void>;
  /** How long acks gather before a batch goes. */
  batchMs: number;
  log?: (line: string) => void;
}

/** Salesforce's Acknowledge Entries takes at most this many acks per call. */
const MAX_BATCH = 100;
/** A batch that still fails after its retries is tried again in this many later rounds, then given up (and logged). */
const MAX_ROUNDS = 3;

/**
 * Delivery and read receipts for the rep's messages: each entry acknowledged as Delivery once the
 * sink delivered it, and as Read when the channel reports it (a Read implies a Delivery, sent
 * first), each exactly once per conversation, whatever the stream does (drops, replays, new
 * sessions), gathered into batches.
 */
export class Receipts {
  /** Rep messages the sink delivered: only these can be acknowledged (an unknown id would fail the whole batch). */
  private readonly known = new Set<string>();
  /** `Delivery:<id>` / `Read:<id>` already queued or sent. */
  private readonly taken = new Set<string>();
  private queue: Array<{ ack: Ack; rounds: number }> = [];
  private running?: Promise<void>;

  constructor(private readonly deps: ReceiptsDeps) {}

  /** The sink delivered rep message `entryId`. */
  delivered(entryId: string): void {
    this.known.add(entryId);
    this.take('Delivery', entryId);
  }

  /** The customer read rep message `entryId`; false (and logged) when no such message was delivered on this conversation. */
  read(entryId: string): boolean {
    if (typeof entryId !== 'string' || !this.known.has(entryId)) {
      this.deps.log?.(`[miaw-handoff] Not acknowledging ${JSON.stringify(String(entryId).slice(0, 60))} as read: no rep message with that entryId was delivered on this conversation.`);
      return false;
    }
    this.take('Delivery', entryId);
    this.take('Read', entryId);
    return true;
  }

  /** Resolves when every receipt asked for so far was sent (or given up). */
  flushed(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private take(entryType: Ack['entryType'], conversationEntryId: string): void {
    const key = `${entryType}:${conversationEntryId}`;
    if (this.taken.has(key)) return;
    this.taken.add(key);
    this.queue.push({ ack: { id: randomUUID(), entryType, conversationEntryId }, rounds: 0 });
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  private async run(): Promise<void> {
    while (this.queue.length) {
      await this.deps.wait(this.deps.batchMs);
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.deps.send(batch.map((b) => b.ack));
      } catch (err) {
        const retryable = !(err instanceof HandoffError) || err.retryable;
        const again = batch.filter((b) => retryable && ++b.rounds < MAX_ROUNDS);
        this.queue.unshift(...again);
        if (again.length < batch.length) {
          this.deps.log?.(`[miaw-handoff] Gave up acknowledging ${batch.length - again.length} receipt(s): ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
  }
}
