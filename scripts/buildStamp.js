// The build stamp: a hash of everything scripts/build.js reads (the sources tsc compiles, the
// tsconfigs, package.json, the installed dependencies' lockfile, the TypeScript version, the files
// copied next to the compiled code, the build scripts) and a hash of what it wrote to dist/. When
// both still match, dist/ is what a build would produce now and the build reuses it (a whole tsc
// run is 20 s or more on a loaded 2-core machine, and `npm pack` runs the build). Any input file
// changed, added or removed, and any dist/ file changed, added or removed by hand, makes a
// mismatch: the build then starts from an empty dist/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/** What the build copies next to the compiled code: [from (also its path in dist/), which files and folders]. */
export const buildCopies = (root) => [
  ['simulator/console', () => true],
  ['simulator/server/landing.css', () => true],
  ['simulator/config', (src) => statSync(src).isDirectory() || src.endsWith('.json')],
  ['scenarios', (src) => src === join(root, 'scenarios') || src.endsWith('.json')],
];

/** Outside dist/, so it is never packed; beside the CLI bundle (bin/cliBundle.js), whose clean-up removes only build-* entries. */
export const stampPath = (root) => join(root, 'node_modules/.cache/miaw-sim/dist-stamp.json');

/**
 * True when `root`'s stamp was written by a build from exactly these `inputs` (see inputsHash) and
 * dist/ is still what that build wrote.
 */
export function stampMatches(root, dist, inputs) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(stampPath(root), 'utf8'));
  } catch {
    return false;
  }
  return saved.inputs === inputs && existsSync(dist) && saved.output === treeHash(dist);
}

/** Before a build: its stamp no longer holds, whatever happens to the build. */
export function removeStamp(root) {
  rmSync(stampPath(root), { force: true });
}

/** After a build from `inputs` (hashed before it started, so an edit during the build is not taken for built). */
export function writeStamp(root, dist, inputs) {
  const file = stampPath(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ inputs, output: treeHash(dist) })}\n`);
}

/** The hash of everything a build of `root` reads; `copies` are the [from, filter] pairs it copies into dist/. */
export function inputsHash(root, copies) {
  const hash = createHash('sha256');
  const add = (path) => {
    const rel = relative(root, path).split(sep).join('/');
    hash.update(`${rel}\0${existsSync(path) ? readFileSync(path).toString('base64') : '(missing)'}\0`);
  };
  // tsconfig.build.json extends tsconfig.json; both, and any other, are hashed.
  for (const name of readdirSync(root).sort()) if (/^tsconfig.*\.json$/.test(name)) add(join(root, name));
  for (const name of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json']) add(join(root, name));
  for (const name of readdirSync(join(root, 'scripts')).sort()) add(join(root, 'scripts', name));
  const typescript = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
  hash.update(`typescript ${JSON.parse(readFileSync(typescript, 'utf8')).version}\0`);
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  const excluded = excludedNames(config.exclude ?? []);
  for (const dir of config.include) for (const file of walk(join(root, dir), excluded)) add(file);
  for (const [from, filter] of copies) for (const file of walk(join(root, from), () => false)) if (filter(file)) add(file);
  return hash.digest('hex');
}

/**
 * Compiled files (dist/**.js) from sources outside tsconfig.build.json's `include`: tsc compiles
 * whatever an included source imports, but the stamp hashes only the included folders, so a build
 * that compiled such a file must not be stamped (a later change to it would go unseen).
 */
export function compiledOutsideInclude(root, dist) {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
  const included = config.include.map((dir) => `${dir.replace(/\/+$/, '')}/`);
  return [...walk(dist, () => false)]
    .map((file) => relative(dist, file).split(sep).join('/'))
    .filter((rel) => rel.endsWith('.js') && !included.some((dir) => rel.startsWith(dir)));
}

/** Every file under `dist` with its content: a file edited, added or removed by hand changes it. */
function treeHash(dist) {
  if (!existsSync(dist)) return '(no dist)';
  const hash = createHash('sha256');
  for (const file of walk(dist, () => false)) hash.update(`${relative(dist, file).split(sep).join('/')}\0${readFileSync(file).toString('base64')}\0`);
  return hash.digest('hex');
}

/**
 * tsconfig.build.json's `exclude` patterns as a test on a file or folder name. Only `**\/<name>` with
 * `*` wildcards is understood; any other form throws, so a changed tsconfig cannot silently leave a
 * compiled file out of the hash (leaving out more than tsc does could reuse a stale dist/).
 */
function excludedNames(patterns) {
  const tests = patterns.map((pattern) => {
    const m = /^\*\*\/([^/]+)$/.exec(pattern);
    if (!m) throw new Error(`scripts/buildStamp.js: cannot read the tsconfig.build.json exclude pattern ${pattern}`);
    const regex = new RegExp(`^${m[1].split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (name) => regex.test(name);
  });
  return (name) => tests.some((t) => t(name));
}

/** Files under `path` (or `path` itself), sorted, skipping files and folders whose name is excluded. */
function* walk(path, excluded) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (excluded(name)) continue;
    yield* walk(join(path, name), excluded);
  }
}
