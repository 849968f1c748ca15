import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioListCommand, scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { resolveScenarios } from '../../scenarios/lib/resolveScenarios.ts';
import { memoryOutput, useCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** A user's own scenario files, kept outside the package: run by path, by folder, listed. */
const userDir = () => tempDir('my-scenarios');
const scenario = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  title: `A user's own check called ${name}`,
  steps: [{ handoff: {} }],
  expect: { handoff: { outcome: 'completed' }, recorded: { conversations: 1 } },
  ...extra,
});
const write = (dir: string, name: string, content: unknown) => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('miaw-sim scenario run <file|dir|name>', () => {
  it('runs a file by a relative path, a folder of files and a built-in name together, each once', async () => {
    const dir = userDir();
    const mine = write(dir, 'my-check', scenario('my-check'));
    mkdirSync(join(dir, 'more'));
    write(join(dir, 'more'), 'b-second', scenario('b-second'));
    write(join(dir, 'more'), 'a-first', scenario('a-first'));
    writeFileSync(join(dir, 'more', 'notes.txt'), 'not a scenario');
    const io = memoryOutput();
    const code = await scenarioRunCommand({ targets: [`./${relative(process.cwd(), mine)}`, join(dir, 'more'), 'wrong-org-id', mine] }, io);
    expect(code, io.text()).toBe(0);
    expect(io.outLines.filter((l) => l.startsWith('✔')).map((l) => l.split(' ')[2])).toEqual(['my-check', 'a-first', 'b-second', 'wrong-org-id']);
    expect(io.text()).toMatch(/4 of 4 scenarios passed/);
  });

  it('names every file of a folder that cannot be used, with its field, before running anything', () => {
    const dir = userDir();
    const broken = write(dir, 'broken', '{ "name": ');
    const wrong = write(dir, 'wrong', scenario('wrong', { expect: { handoff: { outcome: 'ok' } } }));
    write(dir, 'fine', scenario('fine'));
    expect(() => resolveScenarios([dir])).toThrow(new RegExp(`^\\[miaw-sim\\] Invalid scenario ${broken}: \\(file\\): is not readable JSON.*\\n\\[miaw-sim\\] Invalid scenario ${wrong}: expect.handoff.outcome: `));
  });

  it.each([
    ['a FIFO (reading it would wait for a writer)', (f: string) => execFileSync('mkfifo', [f]), '(file): is not a regular file'],
    ['a file over 4 MiB', (f: string) => (writeFileSync(f, '{}'), truncateSync(f, 5 * 1024 * 1024)), '(file): is 5242880 bytes; a scenario file may hold at most 4194304 (4 MiB)'],
    ['bytes that are not UTF-8', (f: string) => writeFileSync(f, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), '(file): is not UTF-8 text'],
    ['JSON nested 100 levels deep', (f: string) => writeFileSync(f, JSON.stringify({ ...scenario('x'), simulator: { routing: JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) } })), `simulator.routing${'.a'.repeat(62)}: is nested deeper than 64 levels`],
    ['a "__proto__" key (zod would drop it without a word)', (f: string) => writeFileSync(f, JSON.stringify(scenario('x', { client: { command: 'true', env: { A: '1' } }, expect: { client: { exitCode: 0 } } })).replace('"A":"1"', '"__proto__":"1"')), 'client.env.__proto__: is not a name a scenario file may use'],
    ['a "__proto__" routing attribute', (f: string) => writeFileSync(f, JSON.stringify(scenario('x', { expect: { handoff: { outcome: 'completed' }, recorded: { routingAttributes: { A: 'b' } } } })).replace('"A":"b"', '"__proto__":"b"')), 'expect.recorded.routingAttributes.__proto__: is not a name'],
  ])('refuses %s with one line naming the file and the field, without reading further', (_what, make, message) => {
    const file = join(userDir(), 'x.json');
    make(file);
    expect(() => resolveScenarios([file])).toThrow(`[miaw-sim] Invalid scenario ${file}: ${message}`);
  });

  it('reads a file that starts with a byte order mark', async () => {
    const file = join(userDir(), 'with-bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(scenario('with-bom'))}`);
    expect(resolveScenarios([file]).map((s) => s.name)).toEqual(['with-bom']);
  });

  it('refuses a path that does not exist and an empty folder, saying what it looked for', () => {
    expect(() => resolveScenarios(['./nowhere/check.json'])).toThrow(/No scenario file, folder or built-in scenario named "\.\/nowhere\/check\.json"/);
    expect(() => resolveScenarios([userDir()])).toThrow(/No scenario files \(\*\.json\) in the folder/);
  });
});

describe('miaw-sim scenario list [dir]', () => {
  it('lists the files of a folder with their titles and paths, or the built-in scenarios', () => {
    const dir = userDir();
    const file = write(dir, 'my-check', scenario('my-check', { tags: ['qa'] }));
    const io = memoryOutput();
    scenarioListCommand([dir], io);
    expect(io.outLines).toEqual([`my-check  A user's own check called my-check  [qa]  (${file})`]);
    const builtIn = memoryOutput();
    scenarioListCommand([], builtIn);
    expect(builtIn.outLines.some((l) => l.startsWith('happy-path '))).toBe(true);
  });
});

describe('the command line', { timeout: 90_000 }, () => {
  const { runCli } = useCli();

  it('answers a bad file with one line naming the file and the field, no stack, exit code 1', async () => {
    const file = write(userDir(), 'bad-step', scenario('bad-step', { steps: [{ handoff: { channel: 'fax' } }] }));
    const { code, stdout, stderr } = await runCli(['scenario', 'run', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\[miaw-sim\\] Invalid scenario ${file}: steps\\.0\\.handoff\\.channel: `))]);
  });

  it('runs a user\'s file given by its path', async () => {
    const file = write(userDir(), 'my-check', scenario('my-check'));
    const { code, stdout } = await runCli(['scenario', 'run', file]);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/✔ \[1\/1\] my-check/);
  });
});
