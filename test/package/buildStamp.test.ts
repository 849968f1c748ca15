import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.ts';
// @ts-expect-error: plain JavaScript without declarations, like the rest of scripts/.
import { buildCopies, inputsHash } from '../../scripts/buildStamp.js';

/**
 * scripts/build.js reuses dist/ only when nothing it reads or wrote has changed since. Run on a
 * small project in a temp folder laid out like this one (the real build scripts, tsconfigs and
 * copies, a few tiny sources), so the repository's own dist/ is never touched. Its `typescript` is a
 * stand-in whose tsc copies .ts to .js (fixtures/typescript-stand-in): a real tsc run takes seconds
 * each, and the real build is what test/package/consumer.test.ts packs.
 */
const ROOT = join(import.meta.dirname, '../..');
let project = '';
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(project, rel)), { recursive: true });
  writeFileSync(join(project, rel), text);
};
const dist = (rel: string) => join(project, 'dist', rel);
const build = (env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, ['scripts/build.js'], { cwd: project, encoding: 'utf8', env: { ...process.env, MIAW_SIM_FULL_BUILD: '', ...env } });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  if (/Built dist\//.test(result.stderr)) return 'built';
  if (/reused it/.test(result.stderr)) return 'reused';
  throw new Error(`neither built nor reused: ${result.stderr}`);
};

describe('the build stamp', () => {
  beforeAll(() => {
    project = tempDir('miaw-sim-build-stamp');
    for (const file of ['scripts/build.js', 'scripts/buildStamp.js', 'tsconfig.json', 'tsconfig.build.json']) write(file, readFileSync(join(ROOT, file), 'utf8'));
    write('package.json', JSON.stringify({ name: 'stamp-fixture', private: true, type: 'module' }));
    cpSync(join(import.meta.dirname, 'fixtures/typescript-stand-in'), join(project, 'node_modules/typescript'), { recursive: true });
    write('simulator/greeting.ts', "export const greeting = 'hello';\n");
    write('simulator/console/index.html', '<p>console</p>\n');
    write('simulator/server/landing.css', 'p { color: black; }\n');
    write('simulator/config/defaults.json', '{ "port": 1 }\n');
    write('cli/main.ts', "import { greeting } from '../simulator/greeting.ts';\nexport const main = () => greeting;\n");
    write('client/index.ts', 'export const client = 1;\n');
    write('scenarios/lib/run.ts', 'export const run = 2;\n');
    write('scenarios/happy.json', '{ "name": "happy" }\n');
    expect(build()).toBe('built');
    expect(readFileSync(dist('simulator/greeting.js'), 'utf8')).toContain("'hello'");
    expect(readFileSync(dist('simulator/console/index.html'), 'utf8')).toBe('<p>console</p>\n');
    expect(existsSync(dist('simulator/config/defaults.json')) && existsSync(dist('scenarios/happy.json'))).toBe(true);
  });

  it('reuses dist/ when nothing changed, also after files tsconfig.build.json excludes were added', () => {
    expect(build()).toBe('reused');
    write('simulator/greeting.test.ts', 'export {};\n');
    write('client/__walls_probe_1__/probe.ts', 'export {};\n');
    expect(build()).toBe('reused');
    expect(existsSync(dist('simulator/greeting.test.js'))).toBe(false);
  });

  it('rebuilds when a source changes, and dist/ then holds the change', () => {
    write('simulator/greeting.ts', "export const greeting = 'bonjour';\n");
    expect(build()).toBe('built');
    expect(readFileSync(dist('simulator/greeting.js'), 'utf8')).toContain("'bonjour'");
    expect(build()).toBe('reused');
  });

  it('rebuilds when a source is added or removed', () => {
    write('client/extra.ts', 'export const extra = 3;\n');
    expect(build()).toBe('built');
    expect(existsSync(dist('client/extra.js'))).toBe(true);
    rmSync(join(project, 'client/extra.ts'));
    expect(build()).toBe('built');
    expect(existsSync(dist('client/extra.js'))).toBe(false);
  });

  it('takes in every input: a copied file, a tsconfig, package.json, the build scripts, the TypeScript version', () => {
    const hash = () => inputsHash(project, buildCopies(project));
    const edits: Array<[string, (text: string) => string]> = [
      ['scenarios/happy.json', (text) => text.replace('happy"', 'happy", "title": "changed"')],
      ['simulator/console/index.html', (text) => `${text}<p>changed</p>\n`],
      ['simulator/server/landing.css', (text) => `${text}a { color: red; }\n`],
      ['simulator/config/defaults.json', (text) => text.replace('1', '2')],
      ['tsconfig.build.json', (text) => text.replace('"sourceMap": false', '"sourceMap": true')],
      ['tsconfig.json', (text) => text.replace('"ES2022"', '"ES2023"')],
      ['package.json', (text) => text.replace('stamp-fixture', 'stamp-fixture-2')],
      ['scripts/build.js', (text) => `${text}// edited\n`],
      ['scripts/buildStamp.js', (text) => `${text}// edited\n`],
      ['node_modules/typescript/package.json', (text) => text.replace('0.0.1-stand-in', '0.0.2-stand-in')],
    ];
    for (const [file, edit] of edits) {
      const before = hash();
      write(file, edit(readFileSync(join(project, file), 'utf8')));
      expect(hash(), file).not.toBe(before);
    }
    expect(build()).toBe('built');
    expect(readFileSync(dist('scenarios/happy.json'), 'utf8')).toContain('changed');
    expect(readFileSync(dist('simulator/console/index.html'), 'utf8')).toContain('changed');
    expect(build()).toBe('reused');
  });

  it('rebuilds when a dist/ file was deleted, edited or added by hand', () => {
    rmSync(dist('client/index.js'));
    expect(build()).toBe('built');
    expect(existsSync(dist('client/index.js'))).toBe(true);
    writeFileSync(dist('cli/main.js'), 'export const main = () => "stale";\n');
    expect(build()).toBe('built');
    expect(readFileSync(dist('cli/main.js'), 'utf8')).toContain('greeting');
    writeFileSync(dist('client/leftover.js'), '');
    expect(build()).toBe('built');
    expect(existsSync(dist('client/leftover.js'))).toBe(false);
  });

  it('rebuilds when MIAW_SIM_FULL_BUILD=1, whatever the stamp says', () => {
    expect(build()).toBe('reused');
    expect(build({ MIAW_SIM_FULL_BUILD: '1' })).toBe('built');
    expect(build()).toBe('reused');
  });

  it('does not stamp a build in which tsc compiled a source from outside the include, so a change to it is built', () => {
    write('shared/util.ts', "export const util = 'one';\n");
    write('client/usesShared.ts', "// stand-in imports shared/util.ts\nexport const x = 1;\n");
    expect(build()).toBe('built');
    expect(readFileSync(dist('shared/util.js'), 'utf8')).toContain("'one'");
    write('shared/util.ts', "export const util = 'two';\n");
    expect(build()).toBe('built');
    expect(readFileSync(dist('shared/util.js'), 'utf8')).toContain("'two'");
    rmSync(join(project, 'client/usesShared.ts'));
    expect(build()).toBe('built');
    expect(build()).toBe('reused');
  });
});
