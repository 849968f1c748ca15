import * as fs from 'node:fs';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicFileOps } from '../../simulator/shared/atomicFile.ts';
import { tempDir } from '../helpers/tempDir.ts';

const dirWith = (content: string) => {
  const dir = tempDir('miaw-sim-atomic');
  const file = join(dir, 'state.json');
  writeFileSync(file, content);
  return { dir, file };
};

const errno = (code: string) => Object.assign(new Error(`${code}: simulated\n    at somewhere (file.js:1:1)`), { code });

describe('writeFileAtomic (--export-on-exit)', () => {
  it('replaces the file whole, keeping its mode and a symbolic link to it, and leaves no temporary file', () => {
    const { dir, file } = dirWith('{"old":true}');
    chmodSync(file, 0o600);
    const link = join(dir, 'link.json');
    symlinkSync(file, link);
    writeFileAtomic(link, '{"new":true}');
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'state.json']);
  });

  it.each([
    ['the disk fills half-way through the write', 'writeSync', 'ENOSPC', 'no space left on the device (ENOSPC)'],
    ['the data cannot be flushed to the disk', 'fsyncSync', 'EIO', 'an input/output error (EIO)'],
    ['the rename is refused', 'renameSync', 'EACCES', 'permission denied (EACCES)'],
  ] as const)('keeps the previous file when %s, and says so in one line', (_case, call, code, cause) => {
    const { dir, file } = dirWith('{"previous":"export"}');
    let writes = 0;
    const ops: AtomicFileOps = {
      ...fs,
      writeSync: ((fd: number, data: Buffer, offset: number, length: number) => {
        if (call === 'writeSync' && writes++ > 0) throw errno(code);
        // The first write gets half of it down, as a disk that is filling does.
        return call === 'writeSync' ? fs.writeSync(fd, data, offset, Math.ceil(length / 2)) : fs.writeSync(fd, data, offset, length);
      }) as AtomicFileOps['writeSync'],
      fsyncSync: (fd) => (call === 'fsyncSync' && fs.fstatSync(fd).isFile() ? (() => { throw errno(code); })() : fs.fsyncSync(fd)),
      renameSync: (from, to) => (call === 'renameSync' ? (() => { throw errno(code); })() : fs.renameSync(from, to)),
    };
    expect(() => writeFileAtomic(file, JSON.stringify({ next: 'x'.repeat(10_000) }), 'the state', ops)).toThrow(
      new Error(`[miaw-sim] Could not write the state to ${file}: ${cause}. The previous file, if any, is unchanged.`),
    );
    expect(readFileSync(file, 'utf8')).toBe('{"previous":"export"}');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes a device in place rather than renaming over it, and names its error in one line', () => {
    expect(() => writeFileAtomic('/dev/full', '{}', 'the state')).toThrow(new Error('[miaw-sim] Could not write the state to /dev/full: no space left on the device (ENOSPC).'));
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('names a missing directory in one line', () => {
    const missing = join(tmpdir(), 'miaw-sim-no-such-dir', 'deeper', 'state.json');
    expect(() => writeFileAtomic(missing, '{}', 'the state')).toThrow(new Error(`[miaw-sim] Could not write the state to ${missing}: its directory does not exist (ENOENT). The previous file, if any, is unchanged.`));
  });
});
