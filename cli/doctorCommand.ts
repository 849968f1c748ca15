import { runDoctorChecks, type CheckResult, type DoctorDeps } from './doctorChecks.ts';
import type { CliOutput } from './output.ts';

export interface DoctorCommandOptions extends DoctorDeps {
  /** Unvalidated configuration (from `loadHandoffConfig`). */
  config: unknown;
  /** Where it came from, printed first (never a secret). */
  description?: string;
  json?: boolean;
}

const MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✘', skip: '–' };

/**
 * `miaw-sim doctor`: check a handoff configuration against its target step by step and print a
 * checklist with the fix for each failed line. Resolves with the exit code (1 when a line failed).
 */
export async function doctorCommand(options: DoctorCommandOptions, io: CliOutput): Promise<number> {
  const results = await runDoctorChecks(options.config, options);
  const failed = results.filter((r) => r.status === 'fail').length;
  if (options.json) {
    io.out(JSON.stringify({ ok: failed === 0, checks: results }));
    return failed ? 1 : 0;
  }
  io.out(`[miaw-sim] doctor: checking ${options.description ?? 'the handoff configuration'}`);
  for (const r of results) {
    if (r.status === 'skip') io.out(`  ${MARK.skip} ${r.title} (skipped: ${r.detail ?? 'an earlier check failed'})`);
    else io.out(`  ${MARK[r.status]} ${r.title}${r.detail ? ` — ${r.detail}` : ''}`);
    if (r.status === 'fail' && r.fix) io.out(`      fix: ${r.fix}`);
  }
  if (failed) {
    const skipped = results.filter((r) => r.status === 'skip').length;
    io.out(`[miaw-sim] doctor: ${failed} of ${results.length} checks failed${skipped ? `, ${skipped} skipped` : ''}. Apply the fix under each ✘ and run the doctor again.`);
    return 1;
  }
  io.out(`[miaw-sim] doctor: all ${results.length} checks passed. \`miaw-sim handoff\` with the same flags hands off a test session.`);
  return 0;
}
