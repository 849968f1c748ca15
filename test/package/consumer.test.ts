import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir.ts';

/**
 * The package as a user gets it: `npm pack`, the tarball installed into a fresh project outside
 * the repo, then used the four ways the README shows (plain JavaScript, strict TypeScript, the
 * CLI's start, the scenario runner). Slow (a build and an install): minutes on a loaded CI machine.
 */
const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const SLOW = { timeout: 240_000 };
const require = createRequire(import.meta.url);

let project = '';
const run = (command: string, args: string[], cwd = project) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
const bin = () => join(project, 'node_modules/.bin/miaw-sim');

describe('the packed package in a user\'s project', SLOW, () => {
  beforeAll(() => {
    const dir = tempDir('miaw-sim-consumer');
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as Array<{ filename: string; entryCount: number; unpackedSize: number; files: Array<{ path: string }> }>;
    console.log(`[package] ${packed!.filename}: ${packed!.entryCount} files, ${(packed!.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
    expect(packed!.files.map((f) => f.path).filter((p) => /^(test|bench|contracts|examples|\.ci|node_modules)\//.test(p) || /^(simulator|client|cli)\/.*\.ts$/.test(p))).toEqual([]);
    project = join(dir, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-users-project', private: true, type: 'module' }));
    const typesNode = (require(join(ROOT, 'node_modules/@types/node/package.json')) as { version: string }).version;
    run('npm', ['install', '--prefer-offline', '--no-save', join(dir, packed!.filename), `@types/node@${typesNode}`]);
    for (const file of ['consumer.mjs', 'consumer.ts', 'tsconfig.json']) copyFileSync(join(FIXTURES, file), join(project, file));
  }, 240_000);

  it('imports miaw-sim and miaw-sim/client from plain JavaScript: starts on port 0, hands off, a rep reply arrives', () => {
    const out = JSON.parse(run(process.execPath, ['consumer.mjs']).trim());
    expect(out.replies).toEqual(['Hi Ada, I can help with that.']);
    expect(out.routingAttributes).toMatchObject({ Origin: 'MIABOT', Priority: 'Low', Chat_language: 'en' });
  });

  it('typechecks a strict NodeNext TypeScript file importing both entries, with no errors', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      output = run(process.execPath, [tsc, '-p', 'tsconfig.json']);
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  });

  it('npx miaw-sim start --port 0 --json serves the console, the widget and the landing index as HTML', async () => {
    const child = spawn(bin(), ['start', '--port', '0', '--json', '--data-dir', join(project, '.miaw-sim')], { cwd: project });
    try {
      const info = await new Promise<{ consoleUrl: string; widgetUrl: string }>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      const landing = new URL('/', info.consoleUrl).href;
      for (const url of [info.consoleUrl, info.widgetUrl, landing]) {
        const res = await fetch(url, { headers: { accept: 'text/html' } });
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      }
      const css = await fetch(new URL('/landing.css', landing));
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('npx miaw-sim scenario run --all passes every built-in scenario', () => {
    const result = spawnSync(bin(), ['scenario', 'run', '--all'], { cwd: project, encoding: 'utf8' });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/\n(\d+) of \1 scenarios passed\./);
  });

  it('npx miaw-sim scenario run <a file in the user\'s project> runs it and writes the JUnit report asked for', () => {
    writeFileSync(join(project, 'my-check.json'), JSON.stringify({ name: 'my-check', title: 'A check kept in the user project', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, recorded: { conversations: 1 } } }));
    const result = spawnSync(bin(), ['scenario', 'run', './my-check.json', '--reporter', 'junit=reports/junit.xml'], { cwd: project, encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✔ \[1\/1\] my-check/);
    expect(readFileSync(join(project, 'reports/junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="1" failures="0"[\s\S]*<testcase classname="miaw-sim.scenarios" name="my-check"/);
  });

  it('npx miaw-sim --version is the package version', () => {
    expect(run(bin(), ['--version']).trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('installs no build tool: tsx, esbuild and typescript are not among what the user gets', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/miaw-sim/package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    const runtime = Object.keys({ ...installed.dependencies, ...installed.optionalDependencies, ...installed.peerDependencies });
    expect(runtime.filter((name) => /^(tsx|esbuild|typescript|vitest|@types\/.*)$/.test(name))).toEqual([]);
    for (const tool of ['tsx', 'esbuild', 'typescript']) expect(() => require.resolve(`${tool}/package.json`, { paths: [join(project, 'node_modules/miaw-sim')] }), tool).toThrow();
  });
});
