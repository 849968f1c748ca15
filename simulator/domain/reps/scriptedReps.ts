import type { Journal } from '../../store/journal.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ConversationChange } from '../conversations/changes.ts';
import { repIdentity, type Omni, type RoutingSeed } from '../routing/omni.ts';
import { fakerPending } from './placeholders.ts';
import type { RepDeps } from './repActions.ts';
import type { RepConfig } from './repSchema.ts';
import { ScriptRun } from './scriptRun.ts';
import { scriptTexts } from './scriptSchema.ts';

/** A failure shows when the step runs. */
const preloadFaker = (config: RepConfig) => {
  for (const text of scriptTexts(config.script ?? [])) fakerPending(text)?.catch(() => undefined);
};

export interface ScriptedRepsDeps extends RepDeps {
  routing: Omni<RepConfig>;
  clock: Pick<Clock, 'schedule'>;
  journal: Pick<Journal, 'add'>;
  log: (line: string) => void;
}

/**
 * The scripted reps at work: a script starts when routing offers a scripted rep a conversation,
 * stops when the work leaves them, and hears the end user's messages (`replyWhen`).
 */
export class ScriptedReps {
  private runs = new Map<string, ScriptRun>();

  constructor(private readonly deps: ScriptedRepsDeps) {
    deps.routing.onOffered(({ conversation, rep }) => {
      if (!rep.config.script) return;
      this.stop(conversation.id);
      const run = new ScriptRun(deps, conversation, repIdentity(rep), rep.config.script);
      this.runs.set(conversation.id, run);
      run.start();
    });
    deps.routing.onReleased((conversationId) => this.stop(conversationId));
  }

  /** Add a rep (a script's faker texts start loading now, so its first text is not late on a manual clock). */
  addRep(config: RepConfig) {
    preloadFaker(config);
    return this.deps.routing.addRep(config);
  }

  /** Back to the seed's routing and reps: every script stops. */
  restore(seed: RoutingSeed<RepConfig>): void {
    for (const rep of seed.reps ?? []) preloadFaker(rep);
    this.deps.routing.restore(seed);
  }

  /** An end user's message reaches the script running for that conversation. */
  handle(change: ConversationChange): void {
    if (change.type !== 'entry' || change.entry.entryType !== 'Message' || change.entry.sender.role !== 'EndUser') return;
    this.runs.get(change.conversation.id)?.endUserSaid(change.entry);
  }

  get running(): number {
    return this.runs.size;
  }

  private stop(conversationId: string): void {
    this.runs.get(conversationId)?.stop();
    this.runs.delete(conversationId);
  }
}
