import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, SCENARIO_DIR, ScenarioFileError, type ClientCommand, type LoadedScenario } from './loadScenarios.ts';

const isScenarioFile = (name: string) => name.endsWith('.json') && !name.endsWith('.schema.json');

/** The scenario files of a folder (not its subfolders), sorted by name. */
export function scenarioFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(isScenarioFile)
    .sort()
    .map((f) => join(dir, f));
}

/** Several files that cannot be used: one line per file, each naming the file and the field. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioLoadError';
  }
}

/**
 * What `scenario run` and `scenario list` were given, as scenarios: a file, every scenario file of
 * a folder, or the name of a built-in scenario (a built-in name wins over a folder of that name in
 * the working directory: write `./name` for the folder). Each file is loaded once, in the order
 * given; every file that cannot be used is named, not only the first. With `clientCommand`
 * (`--client-cmd`) each is loaded as run by that command, and refused if it expects what only the
 * built-in client reports.
 */
export function resolveScenarios(targets: string[], builtInDir = SCENARIO_DIR, clientCommand?: ClientCommand): LoadedScenario[] {
  const builtIns = new Map(scenarioFilesIn(builtInDir).map((file) => [file.slice(builtInDir.length + 1, -'.json'.length), file]));
  const files: string[] = [];
  const problems: string[] = [];
  for (const target of targets) {
    const builtIn = builtIns.get(target);
    if (builtIn) files.push(builtIn);
    else if (!existsSync(target)) {
      problems.push(`[miaw-sim] No scenario file, folder or built-in scenario named "${target}". Built-in: ${[...builtIns.keys()].join(', ')}.`);
    } else if (statSync(target).isDirectory()) {
      const inside = scenarioFilesIn(target);
      if (inside.length) files.push(...inside);
      else problems.push(`[miaw-sim] No scenario files (*.json) in the folder ${target}.`);
    } else files.push(target);
  }
  const seen = new Set<string>();
  const scenarios: LoadedScenario[] = [];
  for (const file of files) {
    if (seen.has(resolve(file))) continue;
    seen.add(resolve(file));
    try {
      scenarios.push(loadScenarioFile(file, clientCommand));
    } catch (err) {
      if (!(err instanceof ScenarioFileError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new ScenarioLoadError(problems);
  return scenarios;
}

/** The built-in scenarios (`scenarios/*.json` of the package), or every scenario file of a folder. */
export const loadAllScenarios = (dir = SCENARIO_DIR): LoadedScenario[] => resolveScenarios([dir], dir);

