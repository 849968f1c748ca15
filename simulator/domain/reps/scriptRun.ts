import type { Clock } from '../../shared/clock.ts';
import { scrubSecrets } from '../../shared/redact.ts';
import { linearRegex, type LinearRegex } from '../../shared/linearRegex.ts';
import type { Journal } from '../../store/journal.ts';
import { newUuid } from '../../shared/ids.ts';
import type { Conversation, Entry } from '../../store/types.ts';
import { RepAbstractMessage } from '../conversations/messageSchema.ts';
import type { RepIdentity } from '../conversations/participants.ts';
import { textOf } from '../conversations/recordEntry.ts';
import { activeSession, closeConversation, endSession } from '../conversations/sessions.ts';
import { repAccepts, repAcknowledges, repSays, repSends, repShowsProgress, repStreamsTokens, repTransfers, repTyping, type RepDeps } from './repActions.ts';
import { fakerPending, fillEverywhere, fillPlaceholders, stringsIn } from './placeholders.ts';
import { OTHERWISE, stepKind, type Script, type ScriptStep } from './scriptSchema.ts';

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
type Awaiting = { index: number; pattern: LinearRegex; say: string } | { index: number; branches: Record<string, Script> };

/**
 * What an end user's message answers, lower-cased: its text, or the options a choice selected
 * (their identifiers, and their titles as sent or as the ChoicesMessage offered them).
 */
function answerLabels(conversation: Conversation, entry: Entry): string[] {
  if (entry.entryType !== 'Message') return [];
  const selected = (entry.message.choicesResponse?.selectedOptions ?? []) as Array<{ optionIdentifier?: string; optionTitle?: string }>;
  const offered = conversation.entries.flatMap((e) => (e.entryType === 'Message' ? (e.message.choices?.optionItems ?? []) : []));
  const labels = entry.message.messageType === 'ChoicesResponseMessage'
    ? selected.flatMap((s) => [s.optionIdentifier, s.optionTitle, offered.find((o) => o.optionIdentifier === s.optionIdentifier)?.titleItem.title])
    : [textOf(entry)];
  return labels.filter((l): l is string => typeof l === 'string' && l.length > 0).map((l) => l.trim().toLowerCase());
}

export class ScriptRun {
  private next = 0;
  private stopped = false;
  private cancelTimer?: () => void;
  private awaiting?: Awaiting;
  /** The steps to run, each with its path in the script (a chosen branch's steps are put in after its `waitForChoice`). */
  private readonly steps: Array<{ path: string; step: ScriptStep }>;

  constructor(
    private readonly deps: ScriptRunDeps,
    private readonly conversation: Conversation,
    private readonly rep: RepIdentity,
    script: Script,
  ) {
    this.steps = script.map((step, i) => ({ path: String(i), step }));
  }

  start(): void {
    this.proceed();
  }

  stop(): void {
    this.stopped = true;
    this.awaiting = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** An end-user message arrived: answer it if a `replyWhen` step waits for one like it, or take a `waitForChoice` branch. */
  endUserSaid(entry: Entry): void {
    const awaiting = this.awaiting;
    if (this.stopped || !awaiting) return;
    if ('branches' in awaiting) {
      const labels = answerLabels(this.conversation, entry);
      const keys = Object.keys(awaiting.branches);
      const key = keys.find((k) => labels.includes(k.trim().toLowerCase())) ?? keys.find((k) => k === OTHERWISE);
      if (key === undefined) return;
      this.awaiting = undefined;
      const { path } = this.steps[awaiting.index]!;
      this.steps.splice(this.next, 0, ...(awaiting.branches[key] ?? []).map((step, i) => ({ path: `${path}.waitForChoice.${key}.${i}`, step })));
      this.proceed();
      return;
    }
    if (!awaiting.pattern.test(textOf(entry))) return;
    this.awaiting = undefined;
    let paused = true;
    if (this.attempt(awaiting.index, () => (paused = this.say(awaiting.index, awaiting.say))) && !paused) this.proceed();
  }

  private proceed(): void {
    while (!this.stopped && this.next < this.steps.length) {
      const index = this.next++;
      let paused = true;
      this.attempt(index, () => (paused = this.run(index, this.steps[index]!.step)));
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
      case 'message':
        return this.filled(index, stringsIn(step.message), () => {
          repSends(deps, c, rep, RepAbstractMessage.parse(fillEverywhere(step.message, (t) => this.fill(t))));
          return false;
        });
      case 'acknowledge': {
        const last = [...c.entries].reverse().find((e) => e.entryType === 'Message' && e.sender.role === 'EndUser');
        if (last) repAcknowledges(deps, c, rep, [{ entryType: step.acknowledge ?? 'Delivery', conversationEntryId: last.identifier }]);
        return false;
      }
      case 'progress':
        return this.filled(index, [step.progress ?? ''], () => {
          repAccepts(deps, c, rep);
          repShowsProgress(deps, c, rep, { text: this.fill(step.progress ?? ''), indicatorType: 'ProgressUpdateIndicator' });
          return false;
        });
      case 'stream': {
        const tokens = step.stream?.tokens ?? [];
        return this.filled(index, tokens, () => this.stream(index, tokens.map((t) => this.fill(t)), step.stream?.everyMs ?? 0));
      }
      case 'waitForChoice':
        this.awaiting = { index, branches: step.waitForChoice ?? {} };
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

  /** Say `text`, filled in. */
  private say(index: number, text: string): boolean {
    return this.filled(index, [text], () => {
      repSays(this.deps, this.conversation, this.rep, this.fill(text));
      return false;
    });
  }

  /**
   * Run `act` (which fills `texts` in with `fill`; answers whether the script pauses) once their
   * placeholders can be filled: at once, or, when one needs faker, after it loads (`true`: the
   * script pauses and goes on by itself). The one way every text-carrying step fills placeholders.
   */
  private filled(index: number, texts: readonly string[], act: () => boolean): boolean {
    const pending = fakerPending(texts.join('\n'));
    if (!pending) return act();
    pending.then(
      () => {
        let paused = false;
        if (!this.stopped && this.attempt(index, () => (paused = act())) && !paused) this.proceed();
      },
      (err: unknown) => this.attempt(index, () => {
        throw err;
      }),
    );
    return true;
  }

  /**
   * Stream `tokens` (one StreamingToken each, `everyMs` apart on the clock, sequence numbers from 1),
   * then send the final message: the tokens joined, its id the one every token named.
   */
  private stream(index: number, tokens: readonly string[], everyMs: number): boolean {
    const { deps, conversation: c, rep } = this;
    const targetMessageId = newUuid();
    repAccepts(deps, c, rep);
    const emit = (from: number): boolean => {
      for (let i = from; i < tokens.length; i++) {
        if (i > from && everyMs > 0) {
          this.sleep(everyMs, () => {
            let paused = true;
            if (this.attempt(index, () => (paused = emit(i))) && !paused) this.proceed();
          });
          return true;
        }
        repStreamsTokens(deps, c, rep, { tokens: [tokens[i]!], targetMessageId, firstSequenceNumber: i + 1 });
      }
      repSends(deps, c, rep, { id: targetMessageId, content: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: tokens.join('') } }, inReplyToMessageId: null });
      return false;
    };
    return emit(0);
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
      const path = this.steps[index]?.path ?? String(index);
      const kind = stepKind(this.steps[index]?.step ?? {});
      // Journaled as it is (not through the request recorder): masked here, a token in a routing attribute say.
      const reason = scrubSecrets((err instanceof Error ? err.message : String(err)).replace(/^\[miaw-sim\] /, ''));
      const line = `[miaw-sim] Rep "${this.rep.displayName}": script step ${path} (${kind}) failed on conversation ${this.conversation.id}: ${reason} The rest of the script is skipped.`;
      this.deps.log(line);
      this.deps.journal.add({
        at: this.deps.conversations.clock.now(),
        method: 'SCRIPT',
        path: `/__sim/v1/reps/${encodeURIComponent(this.rep.displayName)}/script/${path}`,
        status: 500,
        durationMs: 0,
        conversationId: this.conversation.id,
        errorCode: 'REP_SCRIPT_FAILED',
        request: { headers: {}, body: { step: Number(path.split('.')[0]), path, kind, error: reason } },
      });
      return false;
    }
  }
}
