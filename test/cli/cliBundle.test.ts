import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript (it runs before any TypeScript loader); no declarations.
import { cliBundle } from '../../bin/cliBundle.js';
import { BIN } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** A tiny project: main.ts prints where its imported module thinks it lives. */
function fixture() {
  const root = tempDir('miaw-sim-bundle');
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib/where.ts'), 'export const where: string = import.meta.dirname;\nexport const url: string = import.meta.url;\n');
  writeFileSync(join(root, 'main.ts'), "import { where, url } from './lib/where.ts';\nconsole.log(JSON.stringify({ where, url, v: 1 }));\n");
  return { root, entry: join(root, 'main.ts'), cacheDir: join(root, 'cache') };
}

const run = (file: string) => JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));

describe('the CLI bundle (bin/cliBundle.js)', () => {
  it('builds once, and each module still sees its own source location', async () => {
    const project = fixture();
    const first: string = await cliBundle(project);
    expect(first.startsWith(project.cacheDir)).toBe(true);
    expect(run(first)).toEqual({ where: join(project.root, 'lib'), url: `file://${join(project.root, 'lib/where.ts')}`, v: 1 });
    expect(await cliBundle(project)).toBe(first);
  });

  it('rebuilds when a source it was built from changes', async () => {
    const project = fixture();
    const first: string = await cliBundle(project);
    writeFileSync(join(project.root, 'main.ts'), "import { where } from './lib/where.ts';\nconsole.log(JSON.stringify({ where, v: 2 }));\n");
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(project.root, 'main.ts'), later, later);
    const second: string = await cliBundle(project);
    expect(second).not.toBe(first);
    expect(run(second).v).toBe(2);
  });

  it('gives up (so the CLI falls back to tsx) when the sources do not build', async () => {
    const project = fixture();
    writeFileSync(join(project.root, 'main.ts'), 'export const broken = ;\n');
    expect(await cliBundle(project)).toBeUndefined();
  });

  it('runs the same CLI through tsx when MIAW_SIM_NO_BUNDLE is set', () => {
    const version = execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, MIAW_SIM_NO_BUNDLE: '1' } });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
