import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { linearRegex, linearRegexProblem } from '../../simulator/shared/linearRegex.ts';
import { chooseQueue } from '../../simulator/domain/routing/chooseQueue.ts';
import type { RoutingConfig } from '../../simulator/domain/routing/routingSchema.ts';

describe('user regular expressions (RE2)', () => {
  it.each([
    ['^(High|Urgent)$', 'Urgent', true],
    ['^(High|Urgent)$', 'urgent', false],
    ['^(High|Urgent)$', 'Very High', false],
    ['order|refund', 'about my refund please', true],
    ['\\d{3}-\\d{4}', 'call 555-1234', true],
    ['(?i)^high$', 'HIGH', true],
    ['^\\w+@example\\.com$', 'a.b@example.com', false],
    ['(?<name>ab)+', 'xabab', true],
  ])('%s on %j: %s, the same answer as a JavaScript RegExp gives where both apply', (source, text, expected) => {
    expect(linearRegex(source).test(text)).toBe(expected);
    if (!source.startsWith('(?i)')) expect(new RegExp(source).test(text)).toBe(expected);
  });

  it('matches case-insensitively when asked (replyWhen), case-sensitively otherwise', () => {
    expect(linearRegex('order').test('ORDER #12')).toBe(false);
    expect(linearRegex('order', { ignoreCase: true }).test('ORDER #12')).toBe(true);
    expect(linearRegex('Ä', { ignoreCase: true }).test('ä')).toBe(true);
  });

  it('compiles each pattern once and runs it on RE2, not on a backtracking RegExp', () => {
    const compile = RE2JS.compile;
    let compiled = 0;
    RE2JS.compile = (...args: Parameters<typeof compile>) => {
      compiled++;
      return compile(...args);
    };
    try {
      const source = `^(a+)+$-${Math.random()}`;
      for (let i = 0; i < 50; i++) linearRegex(source).test('aaa');
      expect(compiled).toBe(1);
    } finally {
      RE2JS.compile = compile;
    }
  });

  // `^(a+)+$` on 28 a's and a "!" took 3.5 s on a backtracking engine, doubling with each further
  // character; 100,000 characters answer at all only on a linear-time engine (no timing asserted).
  it('answers the adversarial pattern from issue 14 on a 100,000-character text', () => {
    const text = `${'a'.repeat(100_000)}!`;
    expect(linearRegex('^(a+)+$').test(text)).toBe(false);
    expect(linearRegex('^(a+)+$').test(text.slice(0, -1))).toBe(true);
    expect(linearRegex('(a|aa)+b', { ignoreCase: true }).test(text)).toBe(false);
    const routing: RoutingConfig = { queues: [{ name: 'General' }, { name: 'Evil' }], rules: [{ attribute: 'Topic', matches: '^(a+)+$', queue: 'Evil' }], defaultQueue: 'General' };
    expect(chooseQueue(routing, { Topic: text })).toBe('General');
    expect(chooseQueue(routing, { Topic: text.slice(0, -1) })).toBe('Evil');
  });

  it.each([
    ['^(?=.*x)', 'uses a lookahead'],
    ['^(?!x)', 'uses a lookahead'],
    ['(?<=x)y', 'uses a lookbehind'],
    ['(?<!x)y', 'uses a lookbehind'],
    ['(a)\\1', 'uses a backreference'],
    ['(?<n>a)\\k<n>', 'uses a backreference'],
  ])('refuses %s: it %s, with what to do instead', (source, why) => {
    const problem = linearRegexProblem(source);
    expect(problem).toContain(why);
    expect(problem).toContain('RE2');
    expect(problem).toContain('rewrite it without lookarounds or backreferences');
  });

  it('refuses patterns whose compiled program is too large for a small per-character cost', () => {
    expect(linearRegexProblem('(a|b){900}$')).toMatch(/^compiles to \d+ RE2 instructions, more than 1000: matching stays linear/);
    expect(linearRegexProblem('[a-z]{1000}')).toContain('more than 1000');
    expect(linearRegexProblem('(a|b){300}$')).toBeUndefined();
  });

  it('refuses broken patterns with RE2 syntax named and the parser\'s reason', () => {
    expect(linearRegexProblem('(High')).toMatch(/^must be a regular expression in RE2 syntax \(https:\/\/github\.com\/google\/re2\/wiki\/Syntax\): missing closing \)/);
    expect(linearRegexProblem('\\u0041')).toContain('invalid escape sequence');
    expect(linearRegexProblem('^(High|Urgent)$')).toBeUndefined();
  });
});
