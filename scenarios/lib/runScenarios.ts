import { checkExpectations } from './checkExpectations.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { ScenarioResult } from './report.ts';
import { runScenario } from './scenarioRun.ts';

/** Run scenarios one after another (each on its own simulator), reporting each as it finishes. */
export async function runScenarios(scenarios: LoadedScenario[], onResult: (r: ScenarioResult, index: number) => void = () => {}): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const startedAt = new Date();
    const t0 = performance.now();
    let result: ScenarioResult;
    try {
      const observed = await runScenario(scenario);
      result = { scenario, observed, startedAt, mismatches: checkExpectations(scenario, observed), durationMs: performance.now() - t0 };
    } catch (err) {
      result = { scenario, startedAt, mismatches: [], durationMs: performance.now() - t0, crash: err instanceof Error ? err.message : String(err) };
    }
    results.push(result);
    onResult(result, i);
  }
  return results;
}
