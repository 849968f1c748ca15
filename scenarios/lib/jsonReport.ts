import { packageInfo } from '../../simulator/index.ts';
import { passed, type ScenarioResult } from './report.ts';

/** The run as one JSON document, for tools: each scenario's verdict, its unmet expectations, the external client's exit. */
export function jsonReport(results: ScenarioResult[]): string {
  const failed = results.filter((r) => !passed(r)).length;
  return `${JSON.stringify(
    {
      tool: 'miaw-sim',
      version: packageInfo().version,
      startedAt: (results[0]?.startedAt ?? new Date()).toISOString(),
      durationMs: Math.round(results.reduce((a, r) => a + r.durationMs, 0)),
      total: results.length,
      passed: results.length - failed,
      failed,
      scenarios: results.map((r) => ({
        name: r.scenario.name,
        title: r.scenario.title,
        file: r.scenario.file,
        passed: passed(r),
        startedAt: r.startedAt.toISOString(),
        durationMs: Math.round(r.durationMs),
        ...(r.crash ? { error: r.crash } : {}),
        mismatches: r.mismatches,
        ...(r.observed?.client ? { client: r.observed.client } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}
