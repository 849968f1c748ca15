import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PACT_DIR } from '../contract.ts';

/**
 * Global setup of the consumer project: a whole run starts from an empty contracts/pacts/, so the
 * pact holds exactly the interactions the tests declare (Pact merges into an existing file, which
 * would keep removed interactions and refuse changed ones). A run of some files or tests only
 * (`vitest run contracts/consumer/events`, `-t ...`) keeps the pact and lets Pact merge into it.
 */
export default function clearPacts(project: TestProject): void {
  mkdirSync(PACT_DIR, { recursive: true });
  const fileFilters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  if (fileFilters.length || project.config.testNamePattern) return;
  for (const name of readdirSync(PACT_DIR)) if (name.endsWith('.json')) rmSync(join(PACT_DIR, name));
}
