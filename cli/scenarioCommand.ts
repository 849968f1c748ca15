import { writeFileSync } from 'node:fs';
import { loadAllScenarios, type LoadedScenario } from '../scenarios/lib/loadScenarios.ts';
import { failureReport, junitReport, passed, progressLine } from '../scenarios/lib/report.ts';
import { runScenarios } from '../scenarios/lib/runScenarios.ts';
import { processOutput, type CliOutput } from './output.ts';

export interface ScenarioRunOptions {
  names: string[];
  all?: boolean;
  reporter?: string;
  output?: string;
}

/** `scenario run`: progress line per scenario, a report per failure; exit code 1 when any fails. */
export async function scenarioRunCommand(options: ScenarioRunOptions, out: CliOutput = processOutput, available: LoadedScenario[] = loadAllScenarios()): Promise<number> {
  if (options.reporter && options.reporter !== 'text' && options.reporter !== 'junit') throw new Error(`[miaw-sim] --reporter must be text or junit, got ${JSON.stringify(options.reporter)}.`);
  if (!options.all && options.names.length === 0) throw new Error('[miaw-sim] Name the scenarios to run (see `miaw-sim scenario list`) or pass --all.');
  const unknown = options.names.filter((n) => !available.some((s) => s.name === n));
  if (unknown.length) throw new Error(`[miaw-sim] No scenario named ${unknown.map((n) => `"${n}"`).join(', ')}. Known: ${available.map((s) => s.name).join(', ')}.`);
  const chosen = options.all ? available : available.filter((s) => options.names.includes(s.name));
  const junit = options.reporter === 'junit';
  const log = (line: string) => (junit && !options.output ? out.err(line) : out.out(line));
  const results = await runScenarios(chosen, (r, i) => log(progressLine(r, i, chosen.length)));
  const failed = results.filter((r) => !passed(r));
  for (const r of failed) log(`\n${failureReport(r)}`);
  log(`\n${results.length - failed.length} of ${results.length} scenarios passed.`);
  if (junit) {
    if (options.output) writeFileSync(options.output, junitReport(results));
    else out.out(junitReport(results));
  }
  return failed.length ? 1 : 0;
}

/** `scenario list`: names, titles and tags. */
export function scenarioListCommand(out: CliOutput = processOutput): void {
  const all = loadAllScenarios();
  const width = Math.max(...all.map((s) => s.name.length));
  for (const s of all) out.out(`${s.name.padEnd(width)}  ${s.title}${s.tags.length ? `  [${s.tags.join(', ')}]` : ''}`);
}
