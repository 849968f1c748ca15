import type { LoadedScenario } from './loadScenarios.ts';
import type { Mismatch } from './checkExpectations.ts';
import type { Observed } from './observed.ts';

export interface ScenarioResult {
  scenario: LoadedScenario;
  observed?: Observed;
  mismatches: Mismatch[];
  startedAt: Date;
  durationMs: number;
  /** The run itself broke (setup refused, crash): reported like a failure. */
  crash?: string;
}

export const passed = (r: ScenarioResult) => !r.crash && r.mismatches.length === 0;

export const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** One progress line per scenario. */
export const progressLine = (r: ScenarioResult, index: number, total: number) =>
  `${passed(r) ? '✔' : '✘'} [${index + 1}/${total}] ${r.scenario.name} — ${r.scenario.title} (${Math.round(r.durationMs)} ms)`;

/** A readable account of a failed scenario: expected vs seen, the journal excerpt, the hint. */
export function failureReport(r: ScenarioResult): string {
  const lines = [`✘ ${r.scenario.name} (${r.scenario.file})`, `  ${r.scenario.title}`];
  if (r.crash) lines.push(`  the run broke: ${r.crash}`);
  for (const m of r.mismatches) lines.push(`  ${m.what}:`, `    expected ${show(m.expected)}`, `    seen     ${show(m.seen)}`);
  const error = r.observed?.error;
  if (error) lines.push(`  client error: ${error.class}${error.status ? ` (HTTP ${error.status})` : ''}`, `  hint: ${error.hint}`);
  const client = r.observed?.client;
  if (client) {
    lines.push(`  client: ${client.timedOut ? 'killed after its timeout' : client.exitCode === null ? `ended by ${client.signal ?? 'an error'}` : `exit code ${client.exitCode}`}`);
    for (const [name, text] of [['stdout', client.stdout], ['stderr', client.stderr]] as const) {
      const tail = text.trimEnd().split('\n').slice(-8);
      if (tail.join('')) lines.push(`  client ${name} (last lines):`, ...tail.map((l) => `    ${l}`));
    }
  }
  const journal = (r.observed?.journal ?? []).filter((j) => !j.path.startsWith('/__sim/')).slice(-12);
  if (journal.length) {
    lines.push('  journal (last requests):');
    for (const j of journal) lines.push(`    ${j.method} ${j.path} -> ${j.status}${j.errorCode ? ` ${j.errorCode}` : ''}${j.fault ? ` [fault ${j.fault}]` : ''}`);
  }
  if (r.scenario.troubleshooting) lines.push(`  troubleshooting: ${r.scenario.troubleshooting}`);
  return lines.join('\n');
}
