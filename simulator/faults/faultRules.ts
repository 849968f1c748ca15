import type { FaultAction, FaultMatch, FaultStep } from './faultSchema.ts';
import { EVENT_STREAM_PATH, STREAM_ACTION_TYPES } from './faultSchema.ts';
import { compilePathPattern } from './pathPattern.ts';
import { randomSeed, seededRandom } from './seededRandom.ts';

/** One fault rule: what it matches, what it does, how many requests it may serve and has served. */
export interface FaultRule {
  id: string;
  match: FaultMatch;
  action: FaultAction;
  /** Requests it may serve; `null` = unlimited. */
  times: number | null;
  served: number;
  /** Chance (0 to 1) that a matching request is served; absent = always. */
  probability?: number;
  /** Seed of the rule's draws (present whenever `probability` is). */
  seed?: number;
}

/** A rule as the control API shows it. */
export type FaultRuleView = FaultRule & { remaining: number | null };

interface Entry {
  rule: FaultRule;
  matchesPath: (path: string) => boolean;
  /** Draws for a probabilistic rule; absent when the rule always serves. */
  draw?: () => number;
  /** How many draws were made, so a restored rule goes on with the same sequence. */
  draws: number;
}

/** The rules and their counts, as a persisting simulator keeps them (`snapshot()` / `restore()`). */
export interface FaultRulesSnapshot {
  seq: number;
  rules: Array<{ rule: FaultRule; draws: number }>;
}

/**
 * The fault rules in force, tried in the order they were added: the first that matches a request,
 * has budget left and (when probabilistic) wins its seeded draw serves it. A request that loses the
 * draw uses none of that rule's budget and goes on to the next rule. A sequence is consecutive rules
 * with one match, so its steps serve in order; once every budget is spent, requests pass untouched.
 */
export class FaultRules {
  private rules: Entry[] = [];
  private seq = 0;
  private changes = 0;

  /** Goes up on every change, a request served included (a persisting simulator writes the rules again). */
  get version(): number {
    return this.changes;
  }

  /** Add one rule per step, all with the same match; returns them in order. */
  add(match: FaultMatch, steps: FaultStep[]): FaultRuleView[] {
    const added = steps.map((step) => {
      const rule: FaultRule = { id: `f${++this.seq}`, match, action: step.action, times: step.times ?? null, served: 0 };
      return entryOf(step.probability === undefined ? rule : { ...rule, probability: step.probability, seed: step.seed ?? randomSeed() });
    });
    this.rules.push(...added);
    this.changes++;
    return added.map(({ rule }) => view(rule));
  }

  /** The rule that serves this request, counted as served; `undefined` when the request passes. */
  take(method: string, path: string): FaultRule | undefined {
    const found = this.rules.find(
      (entry) =>
        (entry.rule.times === null || entry.rule.served < entry.rule.times) &&
        (!entry.rule.match.method || entry.rule.match.method === method.toUpperCase()) &&
        entry.matchesPath(path) &&
        (!STREAM_ACTION_TYPES.has(entry.rule.action.type) || path === EVENT_STREAM_PATH) &&
        (!entry.draw || this.drawn(entry) < (entry.rule.probability ?? 1)),
    );
    if (found) found.rule.served++;
    if (found || this.rules.some((entry) => entry.draw)) this.changes++;
    return found?.rule;
  }

  list(): FaultRuleView[] {
    return this.rules.map(({ rule }) => view(rule));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(({ rule }) => rule.id !== id);
    this.changes++;
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.changes++;
  }

  snapshot(): FaultRulesSnapshot {
    return { seq: this.seq, rules: this.rules.map(({ rule, draws }) => ({ rule: structuredClone(rule), draws })) };
  }

  /** The rules as `snapshot()` gave them: the same counts, ids and (for probabilistic rules) the same next draws. */
  restore(snapshot: FaultRulesSnapshot): void {
    this.seq = snapshot.seq;
    this.rules = snapshot.rules.map(({ rule, draws }) => {
      const entry = entryOf(structuredClone(rule));
      for (let i = 0; i < draws; i++) this.drawn(entry);
      return entry;
    });
    this.changes++;
  }

  private drawn(entry: Entry): number {
    entry.draws++;
    return entry.draw!();
  }
}

function entryOf(rule: FaultRule): Entry {
  const matchesPath = compilePathPattern(rule.match.path);
  return rule.seed === undefined || rule.probability === undefined ? { rule, matchesPath, draws: 0 } : { rule, matchesPath, draw: seededRandom(rule.seed), draws: 0 };
}

const view = (rule: FaultRule): FaultRuleView => ({ ...rule, remaining: rule.times === null ? null : rule.times - rule.served });
