import { resolveScenarios, loadAllScenarios } from '../scenarios/lib/resolveScenarios.ts';
import { SCENARIO_DIR, type LoadedScenario } from '../scenarios/lib/loadScenarios.ts';
import { failureReport, passed, progressLine, type ScenarioResult } from '../scenarios/lib/report.ts';
import { junitReport } from '../scenarios/lib/junitReport.ts';
import { jsonReport } from '../scenarios/lib/jsonReport.ts';
import { runScenarios } from '../scenarios/lib/runScenarios.ts';
import { processOutput, type CliOutput } from './output.ts';
import { parseReporters, writeReport, type ReporterKind } from './scenarioReporters.ts';

export interface ScenarioRunOptions {
  /** Files, folders or built-in names. */
  targets: string[];
  all?: boolean;
  reporter?: string[];
  output?: string;
  /** Run this command as the client of every scenario, in place of the built-in one. */
  clientCmd?: string;
}

const MACHINE_REPORTS: Record<Exclude<ReporterKind, 'pretty'>, (results: ScenarioResult[]) => string> = { junit: junitReport, json: jsonReport };

/** What the files still say the old way, on standard error (never mixed into a report on standard output). */
const warnAbout = (scenarios: LoadedScenario[], out: CliOutput) => scenarios.flatMap((s) => s.warnings).forEach((w) => out.err(w));

/** `scenario run`: progress line per scenario, a report per failure, the reports asked for; exit code 1 when any fails. */
export async function scenarioRunCommand(options: ScenarioRunOptions, out: CliOutput = processOutput): Promise<number> {
  const reporters = parseReporters(options.reporter ?? [], options.output);
  if (!options.all && options.targets.length === 0) throw new Error('[miaw-sim] Name the scenario files, folders or built-in scenarios to run (see `miaw-sim scenario list`), or pass --all for the built-in ones.');
  const clientCommand = options.clientCmd ? { command: options.clientCmd, cwd: process.cwd() } : undefined;
  const chosen = resolveScenarios([...(options.all ? [SCENARIO_DIR] : []), ...options.targets], SCENARIO_DIR, clientCommand);
  warnAbout(chosen, out);
  const machineOnStdout = reporters.some((r) => r.kind !== 'pretty' && !r.file);
  const pretty: string[] = [];
  const log = (line: string) => {
    pretty.push(line);
    if (machineOnStdout) out.err(line);
    else out.out(line);
  };
  const results = await runScenarios(chosen, (r, i) => log(progressLine(r, i, chosen.length)));
  const failed = results.filter((r) => !passed(r));
  for (const r of failed) log(`\n${failureReport(r)}`);
  log(`\n${results.length - failed.length} of ${results.length} scenarios passed.`);
  for (const reporter of reporters) {
    if (reporter.kind === 'pretty') {
      if (reporter.file) writeReport(reporter, `${pretty.join('\n')}\n`, () => {});
      continue;
    }
    writeReport(reporter, MACHINE_REPORTS[reporter.kind](results), (text) => out.out(text.trimEnd()));
  }
  return failed.length ? 1 : 0;
}

/** `scenario list [paths...]`: names, titles and tags of the built-in scenarios, or of the files and folders given. */
export function scenarioListCommand(targets: string[] = [], out: CliOutput = processOutput): void {
  const all = targets.length ? resolveScenarios(targets) : loadAllScenarios();
  warnAbout(all, out);
  const width = Math.max(...all.map((s) => s.name.length));
  for (const s of all) out.out(`${s.name.padEnd(width)}  ${s.title}${s.tags.length ? `  [${s.tags.join(', ')}]` : ''}${targets.length ? `  (${s.file})` : ''}`);
}
