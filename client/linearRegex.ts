import { RE2JS } from 're2js';

/**
 * Regular expressions users give the simulator (routing rules' `matches`, scripted reps'
 * `replyWhen.pattern`) and the handoff client (settings' `matches` conditions) run on RE2 (`re2js`, a pure-JavaScript port of Google's RE2): matching takes
 * time linear in the text whatever the pattern, so no pattern can stall the event loop the way
 * `^(a+)+$` does on a backtracking engine. The price is RE2 syntax: no lookarounds and no
 * backreferences (they are what needs backtracking); `(?i)` and the other inline flags work.
 */
export interface LinearRegex {
  /** Whether the pattern matches anywhere in `text` (as `RegExp.prototype.test` without `g`). */
  test(text: string): boolean;
}

export interface LinearRegexOptions {
  ignoreCase?: boolean;
}

/** Where to read RE2's syntax, for error messages. */
export const RE2_SYNTAX = 'https://github.com/google/re2/wiki/Syntax';

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/Perl syntax: `\(\?[=!]/, 'a lookahead ((?=...) or (?!...))'],
  [/named capture: `\(\?<[=!]/, 'a lookbehind ((?<=...) or (?<!...))'],
  [/escape sequence: `\\(?:[1-9]|k)/, 'a backreference (\\1 or \\k<name>)'],
];

/**
 * Why `source` cannot be used, as a message that completes "<field> ...", or `undefined` when it
 * compiles. Lookarounds and backreferences are named as such, with what to do instead.
 */
export function linearRegexProblem(source: string): string | undefined {
  try {
    const size = programSize(compile(source, 0));
    if (size > MAX_PROGRAM_SIZE) {
      return `compiles to ${size} RE2 instructions, more than ${MAX_PROGRAM_SIZE}: matching stays linear but each character can cost as much as the program is large, so use smaller counted repetitions ({n})`;
    }
    return undefined;
  } catch (err) {
    const detail = (err instanceof Error ? err.message : String(err)).replace(/^error parsing regexp: /, '');
    const construct = UNSUPPORTED.find(([shape]) => shape.test(detail))?.[1];
    if (construct) {
      return `uses ${construct}, which RE2 syntax does not have: patterns run on a linear-time engine (RE2) so none can stall the process; rewrite it without lookarounds or backreferences, or match with "equals"`;
    }
    return `must be a regular expression in RE2 syntax (${RE2_SYNTAX}): ${detail}`;
  }
}

/**
 * RE2 matches in time linear in the text, times a factor that, for patterns its DFA cannot cache
 * (e.g. `(a|b){900}$`), grows with the compiled program: measured on Node 20, ~40 ns a character at
 * 1,200 instructions but ~5.6 us at 2,700, i.e. 5 s for a 1 MB body. Typical patterns compile to
 * 10-50 instructions; this bound keeps the factor small.
 */
export const MAX_PROGRAM_SIZE = 1000;
const programSize = (compiled: RE2JS): number => (compiled.re2() as { prog: { numInst(): number } }).prog.numInst();

// Compiled patterns, kept so a rule's pattern is compiled once, not on every match. Patterns come
// from configuration (a few per routing table or script), so the bound is only a backstop.
const CACHE_LIMIT = 1000;
const cache = new Map<string, RE2JS>();

function compile(source: string, flags: number): RE2JS {
  const key = `${flags}:${source}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = RE2JS.compile(source, flags);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  return compiled;
}

/** The pattern, compiled (once) for linear-time matching; throws on a pattern `linearRegexProblem` refuses. */
export function linearRegex(source: string, options: LinearRegexOptions = {}): LinearRegex {
  const compiled = compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return { test: (text) => compiled.test(text) };
}
