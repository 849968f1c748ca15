import junitReportBuilder, { type Builder } from 'junit-report-builder';
import { show, failureReport, type ScenarioResult } from './report.ts';

// The package's types declare `export default`, but its CommonJS sets `module.exports` to the
// builder: imported from ESM, the default is the builder itself.
const junit = junitReportBuilder as unknown as Builder;

/** One line per unmet expectation: what, expected, seen. */
const mismatchLines = (r: ScenarioResult) => r.mismatches.map((m) => `${m.what}: expected ${show(m.expected)}, seen ${show(m.seen)}`);

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): a `<testsuites>` root,
 * one suite with its timestamp and time, a test case per scenario with its time; an unmet
 * expectation is a `<failure>` (message: expected and seen; body: the whole report), a run that
 * broke is an `<error>`. Written by junit-report-builder, which escapes markup and drops the
 * characters XML 1.0 cannot carry (ANSI escapes, NUL...).
 */
/** Seconds, to the millisecond. */
const seconds = (ms: number) => Math.round(ms) / 1000;

export function junitReport(results: ScenarioResult[], suiteName = 'miaw-sim scenarios'): string {
  const builder = junit.newBuilder();
  const started = results[0]?.startedAt ?? new Date();
  const suite = builder.testSuite().name(suiteName).timestamp(started).time(seconds(results.reduce((a, r) => a + r.durationMs, 0)));
  for (const r of results) {
    const test = suite.testCase().className('miaw-sim.scenarios').name(r.scenario.name).file(r.scenario.file).time(seconds(r.durationMs));
    if (r.crash) test.error(r.crash, 'ScenarioError', failureReport(r));
    else if (r.mismatches.length) test.failure(mismatchLines(r).join('\n'), 'ExpectationNotMet').stacktrace(failureReport(r));
    const output = r.observed?.client;
    if (output?.stdout) test.standardOutput(output.stdout);
    if (output?.stderr) test.standardError(output.stderr);
  }
  return builder.build();
}
