import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/** Every project: the temp folders a test file made with test/helpers/tempDir.ts are removed after it. */
const shared = { pool: 'forks', testTimeout: 20_000, hookTimeout: 20_000, setupFiles: 'test/helpers/tempDirCleanup.ts' } as const;
/** Pact's core would otherwise try to send anonymous usage metrics (and warn about it). */
const pact = { ...shared, env: { PACT_DO_NOT_TRACK: 'true' } } as const;

/**
 * Unit files that fake timers (`vi.useFakeTimers`) run isolated, each in a process of its own: in a
 * shared worker a timer that an earlier file's client left running (a reconnect back-off, a receipt
 * batch) would be faked too, counted by `vi.getTimerCount()` and never fire.
 */
const root = import.meta.dirname;
const fakeTimerFiles = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !/^(e2e|package)\//.test(file))
  .map((file) => `test/${file}`)
  .filter((file) => readFileSync(join(root, file), 'utf8').includes('useFakeTimers'));

/**
 * Six projects. The Pact consumer tests regenerate the pact in contracts/.pacts-run/ (a whole run of
 * them starts from an empty directory; contracts/consumer/pactRun.ts moves it to contracts/pacts/ once
 * they all pass, so the committed file is never missing meanwhile); the provider verification runs
 * after them, so it checks the pact this run wrote (groups: unit 0, consumer 1, provider 2, e2e 3).
 * `--project contracts-provider` alone verifies the committed pact.
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      // Without isolation: each worker loads the modules once, not once per file (loading was 130 of the
      // project's 246 s on 2 cores; now about 15). Every file starts, resets and stops its own simulators,
      // restores what it changes in process.env, and its temp folders are removed after it.
      { test: { ...shared, name: 'unit', isolate: false, include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/package/**', ...fakeTimerFiles] } },
      { test: { ...shared, name: 'unit-isolated', include: fakeTimerFiles.length > 0 ? fakeTimerFiles : ['(none)'] } },
      // The packed tarball installed into a project outside the repo (npm pack, npm install): one file, beside the unit tests.
      { test: { ...shared, name: 'package', include: ['test/package/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000 } },
      {
        // One file at a time: each file's mock server merges its interactions into the same pact
        // file, and concurrent merges were seen to drop an interaction.
        test: { ...pact, name: 'contracts-consumer', include: ['contracts/consumer/**/*.pact.test.ts'], globalSetup: ['contracts/consumer/pactRun.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      { test: { ...pact, name: 'contracts-provider', include: ['contracts/provider/**/*.test.ts'], sequence: { groupOrder: 2 } } },
      // Chromium (Debian's /usr/bin/chromium) drives the pages; last and one file at a time, so browsers do not compete for the 2 cores.
      // Without isolation, like unit: the files run one after another, each loading the simulator and
      // Playwright anew took about a quarter of the project's time. Each file starts and stops its own
      // simulator and Chromium (test/e2e/browser.ts's useSimAndBrowser) and changes no process.env.
      { test: { ...shared, name: 'e2e', isolate: false, include: ['test/e2e/**/*.e2e.test.ts'], sequence: { groupOrder: 3 }, fileParallelism: false } },
    ],
  },
});
