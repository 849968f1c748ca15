import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary folders for tests. Each one is made under the OS temp dir and removed, with what the
 * test (or a child process it started) wrote into it, after the test file has run: the
 * `afterAll` in test/helpers/tempDirCleanup.ts, a setup file of every vitest project. Tests never
 * call `mkdtemp` themselves, so none is left behind in /tmp.
 */
const made: string[] = [];

/** A new empty folder named `<prefix>-XXXXXX`, removed after the calling test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

/** The path of `name` inside a new temp folder (the file itself is not created). */
export const tempFile = (prefix: string, name: string): string => join(tempDir(prefix), name);

/** Remove every folder made so far (called once per test file). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
