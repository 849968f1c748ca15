import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const REPORTER_KINDS = ['pretty', 'junit', 'json'] as const;
export type ReporterKind = (typeof REPORTER_KINDS)[number];

/** A report to write: its kind, and its file (none: standard output). */
export interface ReporterSpec {
  kind: ReporterKind;
  file?: string;
}

/**
 * `--reporter <kind>[=<file>]`, repeatable: `pretty`, `junit` or `json` (`text` is the old name of
 * `pretty`). Without a file a report goes to standard output, where only one machine report fits;
 * `--output <file>` (kept from before) is the file of the one junit or json reporter given without
 * one. The pretty report always reaches the console too (standard error when a machine report
 * takes standard output).
 */
export function parseReporters(specs: string[], output?: string): ReporterSpec[] {
  const reporters = specs.map((spec): ReporterSpec => {
    const at = spec.indexOf('=');
    const name = at < 0 ? spec : spec.slice(0, at);
    const kind = name === 'text' ? 'pretty' : name;
    if (!(REPORTER_KINDS as readonly string[]).includes(kind)) throw new Error(`[miaw-sim] --reporter must be pretty, junit or json, optionally with =<file> (e.g. --reporter junit=out/junit.xml), got ${JSON.stringify(spec)}.`);
    const file = at < 0 ? undefined : spec.slice(at + 1);
    if (file === '') throw new Error(`[miaw-sim] --reporter ${name}= needs a file name after the "=".`);
    return { kind: kind as ReporterKind, ...(file ? { file } : {}) };
  });
  const toStdout = reporters.filter((r) => !r.file && r.kind !== 'pretty');
  if (output) {
    if (toStdout.length !== 1) throw new Error('[miaw-sim] --output names the file of one junit or json reporter given without a file; with several, write --reporter junit=<file> --reporter json=<file>.');
    toStdout[0]!.file = output;
  } else if (toStdout.length > 1) {
    throw new Error(`[miaw-sim] Only one report can go to standard output, and ${toStdout.map((r) => r.kind).join(' and ')} were given without a file: write --reporter <kind>=<file>.`);
  }
  return reporters;
}

/** Write a report where its spec says: to its file (folders made as needed), else standard output. */
export function writeReport(reporter: ReporterSpec, text: string, stdout: (text: string) => void): void {
  if (!reporter.file) return stdout(text);
  mkdirSync(dirname(reporter.file), { recursive: true });
  writeFileSync(reporter.file, text);
}
