import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Far more than any scenario, saved sessions included; a larger file is refused before it is read. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** As deep as the simulator takes a request body (MAX_JSON_DEPTH): deeper nesting is refused before anything walks it. */
const MAX_DEPTH = 64;

/** A scenario file's JSON, or the first reason it cannot be used: the field (`(file)` for the file itself) and what was expected. */
export type ReadJson = { ok: true; json: unknown } | { ok: false; field: string; expected: string };

/**
 * Read a scenario file as JSON, refusing what would hang, exhaust memory or silently lose a key:
 * anything but a regular file (a FIFO or /dev/zero never ends), a file over `MAX_SCENARIO_BYTES`,
 * text that is not UTF-8 JSON, nesting deeper than 64 levels, and a `__proto__` key anywhere (zod
 * drops it without a word, so the expectation or variable it names would vanish).
 */
export function readScenarioJson(file: string): ReadJson {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Looked at before it is opened: opening a FIFO for reading waits for a writer.
    if (!statSync(file).isFile()) return { ok: false, field: '(file)', expected: 'is not a regular file' };
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, field: '(file)', expected: 'is not a regular file' };
    if (stat.size > MAX_SCENARIO_BYTES) return { ok: false, field: '(file)', expected: `is ${stat.size} bytes; a scenario file may hold at most ${MAX_SCENARIO_BYTES} (4 MiB)` };
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = buffer.subarray(0, read);
  } catch (err) {
    return { ok: false, field: '(file)', expected: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, field: '(file)', expected: 'is not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, field: '(file)', expected: `is not readable JSON (${(err as Error).message.slice(0, 200)})` };
  }
  const problem = shapeProblem(json);
  return problem ? { ok: false, ...problem } : { ok: true, json };
}

/** The first key `__proto__` or level deeper than MAX_DEPTH, walked without recursion (its path as a field). */
function shapeProblem(json: unknown): { field: string; expected: string } | undefined {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: json, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const field = path.join('.') || '(root)';
    if (path.length >= MAX_DEPTH) return { field, expected: `is nested deeper than ${MAX_DEPTH} levels` };
    for (const [key, inner] of Object.entries(value)) {
      if (key === '__proto__') return { field: [...path, key].join('.'), expected: 'is not a name a scenario file may use (it names an object\'s prototype in JavaScript, and would be dropped without a word): rename or remove it' };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}
