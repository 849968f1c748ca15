import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PACT_DIR, PACT_RUN_DIR } from '../contract.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set while the consumer tests run: where they write, so the provider verification of the same run checks that pact. */
    pactRunDir?: string;
  }
}

/**
 * Global setup of the consumer project. The consumer tests write into contracts/.pacts-run/
 * (git-ignored), never into contracts/pacts/: the committed pact is never missing while they run,
 * so a commit or merge made meanwhile cannot record its deletion (it did, twice). A whole run
 * starts from an empty folder, so the pact holds exactly the interactions the tests declare (Pact
 * merges into an existing file, which would keep removed interactions and refuse changed ones); a
 * run of some files or tests only (`vitest run contracts/consumer/events`, `-t ...`) starts from a
 * copy of the committed pacts and lets Pact merge into it. When every consumer file has passed, the
 * teardown moves the pacts over the committed ones (a rename: the file is replaced, never absent);
 * otherwise contracts/pacts/ stays as it was and the run's output stays in contracts/.pacts-run/.
 */
export default function pactRun(project: TestProject): () => void {
  rmSync(PACT_RUN_DIR, { recursive: true, force: true });
  mkdirSync(PACT_RUN_DIR, { recursive: true });
  const fileFilters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  if (fileFilters.length || project.config.testNamePattern) for (const name of pactNames(PACT_DIR)) copyFileSync(join(PACT_DIR, name), join(PACT_RUN_DIR, name));
  project.vitest.provide('pactRunDir', PACT_RUN_DIR);
  return () => publish(project);
}

function publish(project: TestProject): void {
  const modules = (project.vitest as unknown as { state: { getTestModules(): Array<{ project: { name: string }; state(): string }> } }).state.getTestModules().filter((m) => m.project.name === project.name);
  if (!modules.length || modules.some((m) => m.state() !== 'passed')) {
    console.warn(`[contracts] the consumer tests did not all pass: ${PACT_DIR} is left as it was; this run's pacts are in ${PACT_RUN_DIR}`);
    return;
  }
  mkdirSync(PACT_DIR, { recursive: true });
  for (const name of pactNames(PACT_RUN_DIR)) renameSync(join(PACT_RUN_DIR, name), join(PACT_DIR, name));
  rmSync(PACT_RUN_DIR, { recursive: true, force: true });
}

const pactNames = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.json'));
