/**
 * What the linear-time engine costs: user patterns (routing rules' `matches`, scripted reps'
 * `replyWhen.pattern`) run on re2js instead of the native, backtracking RegExp. Per match, compiled
 * once (as the simulator keeps them), and what compiling on every match would cost (why it does not).
 * The patterns and texts are typical ones: an exact alternation on a routing attribute, and a
 * case-insensitive keyword search in a chat message.
 */
import { RE2JS } from 're2js';
import { benchSettings, median, type Figures } from './stats.ts';

const MATCHES = 100_000;
const CASES = [
  { name: 'routing', source: '^(High|Urgent)$', ignoreCase: false, texts: ['High', 'Low', 'Urgent', 'Very High'] },
  { name: 'replyWhen', source: 'order|refund', ignoreCase: true, texts: ['Where is my ORDER?', 'hello there, I have a question about my account', 'refund please', 'ok'] },
];

/** Nanoseconds per call of `test` over MATCHES calls, the median of the runs (after a warm-up). */
function nsPerMatch(test: (text: string) => boolean, texts: string[], matches = MATCHES): number {
  let hits = 0;
  const once = () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < matches; i++) if (test(texts[i % texts.length]!)) hits++;
    return Number(process.hrtime.bigint() - start) / matches;
  };
  once();
  const runs = Array.from({ length: benchSettings.runs }, once);
  if (hits === 0) throw new Error('bench/regexCost.ts: no text matched; the figures would measure nothing');
  return median(runs);
}

export async function regexCost(): Promise<Figures> {
  const figures: Figures = {};
  for (const c of CASES) {
    const native = new RegExp(c.source, c.ignoreCase ? 'i' : '');
    const re2 = RE2JS.compile(c.source, c.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    figures[`regex ${c.name} native RegExp ns/match`] = nsPerMatch((t) => native.test(t), c.texts);
    figures[`regex ${c.name} re2js ns/match`] = nsPerMatch((t) => re2.test(t), c.texts);
    figures[`regex ${c.name} re2js compile+match ns`] = nsPerMatch((t) => RE2JS.compile(c.source, re2.flags()).test(t), c.texts, MATCHES / 100);
  }
  return figures;
}
