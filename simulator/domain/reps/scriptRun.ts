import type { Clock } from '../../shared/clock.ts';
import { scrubSecrets } from '../../shared/redact.ts';
import { linearRegex, type LinearRegex } from '../../shared/linearRegex.ts';
import type { Journal } from '../../store/journal.ts';
import type { Conversation } from '../../store/types.ts';
import type { RepIdentity } from '../conversations/participants.ts';
import { activeSession, closeConversation, endSession } from '../conversations/sessions.ts';
import { repAccepts, repSays, repTransfers, repTyping, type RepDeps } from './repActions.ts';
import { fakerPending, fillPlaceholders } from './placeholders.ts';
import { stepKind, type Script, type ScriptStep } from './scriptSchema.ts';

/** What a running script needs: the rep's actions, a clock to wait on, and where failures go. */
export interface ScriptRunDeps extends RepDeps {
  clock: Pick<Clock, 'schedule'>;
  journal: Pick<Journal, 'add'>;
  log: (line: string) => void;
}

/**
 * One rep's script running for one conversation: steps in order, every wait on the simulator's
 * clock (so advancing simulated time fast-forwards it). It stops when the session ends, the work is
 * transferred, or a step fails; a failure is logged and journaled, never thrown.
 */
export class ScriptRun {
  private next = 0;
  private stopped = false;
  private cancelTimer?: () => void;
  private awaiting?: { index: number; pattern: LinearRegex; say: string };

  constructor(
    private readonly deps: ScriptRunDeps,
    private readonly conversation: Conversation,
    private readonly rep: RepIdentity,
    private readonly steps: Script,
  ) {}

  start(): void {
    this.proceed();
  }

  stop(): void {
    this.stopped = true;
    this.awaiting = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** An end-user message arrived: answer it if a `replyWhen` step waits for one like it. */
  endUserSaid(text: string): void {
    const awaiting = this.awaiting;
    if (this.stopped || !awaiting || !awaiting.pattern.test(text)) return;
    this.awaiting = undefined;
    let paused = true;
    if (this.attempt(awaiting.index, () => (paused = this.say(awaiting.index, awaiting.say))) && !paused) this.proceed();
  }

  private proceed(): void {
    while (!this.stopped && this.next < this.steps.length) {
      const index = this.next++;
      let paused = true;
      this.attempt(index, () => (paused = this.run(index, this.steps[index]!)));
      if (paused) return;
    }
  }

  /** Run one step; `true` when the script pauses (a wait, a reply to wait for, or the work is gone). */
  private run(index: number, step: ScriptStep): boolean {
    const { deps, conversation: c, rep } = this;
    switch (stepKind(step)) {
      case 'wait':
        this.sleep(step.wait ?? 0, () => this.proceed());
        return true;
      case 'accept':
        repAccepts(deps, c, rep);
        return false;
      case 'typing':
        repTyping(deps, c, rep, true);
        this.sleep(step.typing ?? 0, () => {
          if (this.attempt(index, () => repTyping(deps, c, rep, false))) this.proceed();
        });
        return true;
      case 'say':
        return this.say(index, step.say ?? '');
      case 'replyWhen':
        this.awaiting = { index, pattern: linearRegex(step.replyWhen?.pattern ?? '', { ignoreCase: true }), say: step.replyWhen?.say ?? '' };
        return true;
      case 'transfer':
        repTransfers(deps, c, step.transfer ?? '');
        return true;
      case 'endSession':
        endSession(deps.conversations, c);
        return true;
      case 'close':
        closeConversation(deps.conversations, c, false);
        return true;
    }
  }

  /** Say `text`, filled in; `true` when it first has to wait for faker to load (the script then goes on by itself). */
  private say(index: number, text: string): boolean {
    const speak = () => void repSays(this.deps, this.conversation, this.rep, this.fill(text));
    const pending = fakerPending(text);
    if (!pending) {
      speak();
      return false;
    }
    pending.then(
      () => {
        if (!this.stopped && this.attempt(index, speak)) this.proceed();
      },
      (err: unknown) => this.attempt(index, () => {
        throw err;
      }),
    );
    return true;
  }

  private sleep(ms: number, then: () => void): void {
    this.cancelTimer = this.deps.clock.schedule(ms, () => {
      this.cancelTimer = undefined;
      if (!this.stopped) then();
    });
  }

  private fill(text: string): string {
    const session = activeSession(this.conversation);
    return fillPlaceholders(text, {
      customerName: this.conversation.endUserDisplayName,
      repName: this.rep.displayName,
      queue: session?.queue ?? '',
      routingAttributes: session?.routingAttributes ?? {},
    });
  }

  /** Run `fn`; on an error log and journal it, stop the script and answer false. */
  private attempt(index: number, fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      this.stop();
      const kind = stepKind(this.steps[index] ?? {});
      // Journaled as it is (not through the request recorder): masked here, a token in a routing attribute say.
      const reason = scrubSecrets((err instanceof Error ? err.message : String(err)).replace(/^\[miaw-sim\] /, ''));
      const line = `[miaw-sim] Rep "${this.rep.displayName}": script step ${index} (${kind}) failed on conversation ${this.conversation.id}: ${reason} The rest of the script is skipped.`;
      this.deps.log(line);
      this.deps.journal.add({
        at: this.deps.conversations.clock.now(),
        method: 'SCRIPT',
        path: `/__sim/v1/reps/${encodeURIComponent(this.rep.displayName)}/script/${index}`,
        status: 500,
        durationMs: 0,
        conversationId: this.conversation.id,
        errorCode: 'REP_SCRIPT_FAILED',
        request: { headers: {}, body: { step: index, kind, error: reason } },
      });
      return false;
    }
  }
}
