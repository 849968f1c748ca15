import { basename, join } from 'node:path';
import { checkAgainst } from '../../simulator/index.ts';
import { ScenarioFile, type Scenario } from './scenarioSchema.ts';
import { parseSteps, type Step } from './steps.ts';
import { clientMisfit } from './clientFit.ts';
import { currentOperationNames } from './miawOperations.ts';
import { readScenarioJson } from './readScenarioJson.ts';

export const SCENARIO_DIR = join(import.meta.dirname, '..');

export interface LoadedScenario extends Scenario {
  file: string;
  parsedSteps: Step[];
  /** What the file still says the old way (read, but to be written anew), one line each, naming the file and the field. */
  warnings: string[];
}

/** A scenario file that cannot be used: names the file, the field and what was expected. */
export class ScenarioFileError extends Error {
  constructor(file: string, field: string, expected: string, line = `[miaw-sim] Invalid scenario ${file}: ${field}: ${expected}`) {
    super(line);
    this.name = 'ScenarioFileError';
  }
}

/** An external client given on the command line (`--client-cmd`), in place of the file's client. */
export interface ClientCommand {
  command: string;
  /** Where it runs: the working directory. */
  cwd: string;
}

/** Load and check one scenario file; with `clientCommand`, as run by that command (checked against it). */
export function loadScenarioFile(file: string, clientCommand?: ClientCommand): LoadedScenario {
  const read = readScenarioJson(file);
  if (!read.ok) throw new ScenarioFileError(file, read.field, read.expected);
  const parsed = checkAgainst(ScenarioFile, read.json);
  if (!parsed.ok) throw new ScenarioFileError(file, parsed.field, parsed.expected);
  const expectedName = basename(file, '.json');
  if (parsed.data.name !== expectedName) throw new ScenarioFileError(file, 'name', `must equal the file name "${expectedName}"`);
  const journal = parsed.data.expect.journal;
  const renamed = currentOperationNames(journal?.calls ?? {});
  if (renamed.twice) throw new ScenarioFileError(file, 'expect.journal.calls', renamed.twice);
  if (journal?.calls) journal.calls = renamed.calls;
  const warnings = renamed.deprecated.map((w) => `[miaw-sim] Deprecated in scenario ${file}: expect.journal.calls.${w}.`);
  const steps = parseSteps(parsed.data.steps);
  if (!Array.isArray(steps)) throw new ScenarioFileError(file, steps.path, steps.message);
  const scenario = clientCommand ? { ...parsed.data, client: { ...parsed.data.client, ...clientCommand } } : parsed.data;
  const misfit = clientMisfit(scenario);
  if (misfit?.oneLine) throw new ScenarioFileError(file, misfit.field, misfit.expected, `[miaw-sim] Scenario ${file} needs its own client: ${misfit.expected}.`);
  if (misfit) throw new ScenarioFileError(file, misfit.field, `${misfit.expected}${clientCommand ? ' (--client-cmd)' : ''}`);
  return { ...scenario, file, parsedSteps: steps, warnings };
}

