import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadAllScenarios, type LoadedScenario } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, junitReport, passed, progressLine } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { scenarioJsonSchema } from '../../scenarios/lib/scenarioSchema.ts';
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

/** `miaw-sim scenario list|run|schema`. */
export function addScenarioCommands(program: Command): void {
  const scenario = program.command('scenario').description('replay the troubleshooting scenarios in scenarios/*.json');
  scenario
    .command('list')
    .description('list the scenarios with what each shows')
    .action(() => {
      const all = loadAllScenarios();
      const width = Math.max(...all.map((s) => s.name.length));
      for (const s of all) processOutput.out(`${s.name.padEnd(width)}  ${s.title}${s.tags.length ? `  [${s.tags.join(', ')}]` : ''}`);
    });
  scenario
    .command('run')
    .argument('[names...]', 'scenario names (see scenario list)')
    .option('--all', 'run every scenario')
    .option('--reporter <kind>', 'text (default) or junit', 'text')
    .option('--output <file>', 'write the JUnit XML to this file instead of stdout')
    .description('run scenarios against a fresh simulator each; exit code 1 when any fails')
    .action(async (names: string[], flags: { all?: boolean; reporter?: string; output?: string }) => {
      process.exitCode = await scenarioRunCommand({ names, ...flags });
    });
  scenario
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(() => processOutput.out(JSON.stringify(scenarioJsonSchema(), null, 2)));
}
