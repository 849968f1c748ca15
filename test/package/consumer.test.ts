import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('runs scenario files kept in the user\'s project, with the built-in client and with their own (a copy of examples/js-client) from client.command and from --client-cmd; a wrong expectation fails naming expected and recorded, in the JUnit report asked for too', async () => {
    writeFileSync(join(project, 'my-check.json'), JSON.stringify({ name: 'my-check', title: 'A check kept in the user project', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, recorded: { conversations: 1 } } }));
    // The user's own client and scenarios, outside this repository: nothing of it imports miaw-sim.
    mkdirSync(join(project, 'qa-client'));
    mkdirSync(join(project, 'qa'));
    mkdirSync(join(project, 'qa-any'));
    copyFileSync(join(ROOT, 'examples/js-client/handoff.mjs'), join(project, 'qa-client/handoff.mjs'));
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/scenarios/handoff-reaches-a-rep.json'), 'utf8')) as { name: string; expect: { recorded: { routingAttributes: Record<string, string> } } };
    const schema = { $schema: '../node_modules/miaw-sim/scenarios/scenario.schema.json' };
    const scenario = (name: string, extra: object) => JSON.stringify({ ...example, ...schema, name, ...extra });
    writeFileSync(join(project, 'qa/routes-to-billing.json'), scenario('routes-to-billing', { client: { command: 'node handoff.mjs', cwd: '../qa-client' } }));
    const wrong = structuredClone(example.expect);
    wrong.recorded.routingAttributes.Chat_language = 'en';
    writeFileSync(join(project, 'qa/expects-english.json'), scenario('expects-english', { client: { command: 'node handoff.mjs', cwd: '../qa-client' }, expect: wrong }));
    writeFileSync(join(project, 'qa-any/any-client.json'), scenario('any-client', {}));
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(bin(), ['scenario', 'run', ...args], { cwd: project });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => done({ code, out }));
      });
    const [fromFile, fromFlag] = await Promise.all([cli(['./my-check.json', 'qa/', '--reporter', 'junit=reports/qa.xml']), cli(['qa-any/', '--client-cmd', 'node qa-client/handoff.mjs'])]);
    expect(fromFlag.code, fromFlag.out).toBe(0);
    expect(fromFlag.out).toMatch(/✔ \[1\/1\] any-client[\s\S]*1 of 1 scenarios passed/);
    expect(fromFile.code, fromFile.out).toBe(1);
    expect(fromFile.out).toMatch(/✔ \[1\/3\] my-check[\s\S]*✘ \[2\/3\] expects-english[\s\S]*✔ \[3\/3\] routes-to-billing/);
    expect(fromFile.out).toMatch(/routing attribute Chat_language:\n\s+expected en\n\s+seen\s+fr/);
    const junit = readFileSync(join(project, 'reports/qa.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*tests="3" failures="1"[\s\S]*<testcase classname="miaw-sim.scenarios" name="my-check"/);
    expect(junit).toMatch(/<failure message="routing attribute Chat_language: expected en, seen fr"/);
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
