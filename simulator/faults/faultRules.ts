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

  /** Add one rule per step, all with the same match; returns them in order. */
  add(match: FaultMatch, steps: FaultStep[]): FaultRuleView[] {
    const matchesPath = compilePathPattern(match.path);
    const added = steps.map((step): Entry => {
      const rule: FaultRule = { id: `f${++this.seq}`, match, action: step.action, times: step.times ?? null, served: 0 };
      if (step.probability === undefined) return { rule, matchesPath };
      const seed = step.seed ?? randomSeed();
      return { rule: { ...rule, probability: step.probability, seed }, matchesPath, draw: seededRandom(seed) };
    });
    this.rules.push(...added);
    return added.map(({ rule }) => view(rule));
  }

  /** The rule that serves this request, counted as served; `undefined` when the request passes. */
  take(method: string, path: string): FaultRule | undefined {
    const found = this.rules.find(
      ({ rule, matchesPath, draw }) =>
        (rule.times === null || rule.served < rule.times) &&
        (!rule.match.method || rule.match.method === method.toUpperCase()) &&
        matchesPath(path) &&
        (!STREAM_ACTION_TYPES.has(rule.action.type) || path === EVENT_STREAM_PATH) &&
        (!draw || draw() < (rule.probability ?? 1)),
    );
    if (found) found.rule.served++;
    return found?.rule;
  }

  list(): FaultRuleView[] {
    return this.rules.map(({ rule }) => view(rule));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(({ rule }) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }
}

const view = (rule: FaultRule): FaultRuleView => ({ ...rule, remaining: rule.times === null ? null : rule.times - rule.served });
