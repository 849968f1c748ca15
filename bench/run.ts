/**
 * `npm run bench`: figures, never pass/fail. Each figure is the median of several runs; throughput
 * is also given as a ratio of bare servers measured in the same run (timings on shared machines are
 * noisy; ratios less so). Results are printed and written to bench/results/latest.json.
 * `npm run bench -- --only throughput,streams` runs some sections.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { coldStart } from './coldStart.ts';
import { handoff } from './handoff.ts';
import { memory } from './memory.ts';
import { persist } from './persist.ts';
import { regexCost } from './regexCost.ts';
import { throughput } from './throughput.ts';
import { BENCH_ROOT } from './spawnServer.ts';
import { benchSettings, type Figures } from './stats.ts';
import { streams } from './streams.ts';
import { tails } from './tails.ts';

const sections: Record<string, () => Promise<Figures>> = { coldStart, throughput, handoff, streams, memory, regex: regexCost, persist, tails };

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const chosen = values.only ? values.only.split(',') : Object.keys(sections);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}

const results: Figures = {};
for (const name of chosen) Object.assign(results, await sections[name]!());

const width = Math.max(...Object.keys(results).map((k) => k.length));
console.log(`miaw-sim benchmark (BENCH_RUNS=${benchSettings.runs}, BENCH_REQUESTS=${benchSettings.requests})`);
for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(width)}  ${value < 10 ? value.toFixed(2) : Math.round(value)}`);
mkdirSync(join(BENCH_ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(BENCH_ROOT, 'bench/results/latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, sections: chosen, results }, null, 2));
