// The CLI as a prebuilt bundle (esbuild), so a start does not pay for compiling TypeScript and
// resolving hundreds of package files each time: that was about half of a one-second start.
// Rebuilt whenever a source it was built from, or the installed packages, changed since; callers
// fall back to running the TypeScript through tsx when it cannot be built (esbuild prints why).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
/** The project's own CLI: what `bin/miaw-sim.js` runs and `npm install` prebuilds (the `prepare` script). */
export const PROJECT_CLI = { root: ROOT, entry: join(ROOT, 'cli/index.ts'), cacheDir: join(ROOT, 'node_modules/.cache/miaw-sim') };

const MANIFEST = 'manifest.json';
/** Older builds are removed after this long (a process that just read the manifest may still be about to load one). */
const KEEP_OLD_BUILDS_MS = 60_000;
/** This file: a change to how the bundle is built rebuilds it too. */
const BUNDLER = fileURLToPath(import.meta.url);

/**
 * The bundle's entry file for `entry` (absolute), built into `cacheDir` if missing or stale.
 * Returns undefined when it cannot be built.
 * @param {{ root: string, entry: string, cacheDir: string }} where
 * @returns {Promise<string | undefined>}
 */
export async function cliBundle({ root, entry, cacheDir }) {
  const manifest = readManifest(cacheDir);
  if (manifest && isFresh(manifest, root, entry, cacheDir)) return join(cacheDir, manifest.dir, manifest.entryOut);
  try {
    return await build(root, entry, cacheDir);
  } catch {
    return undefined;
  }
}

/** @param {string} cacheDir */
function readManifest(cacheDir) {
  try {
    return JSON.parse(readFileSync(join(cacheDir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The installed packages' stamp: npm rewrites node_modules/.package-lock.json on every install. */
const packagesStamp = (/** @type {string} */ root) => mtime(join(root, 'node_modules/.package-lock.json'));

/** @param {string} file */
function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** @param {any} manifest @param {string} root @param {string} entry @param {string} cacheDir */
function isFresh(manifest, root, entry, cacheDir) {
  if (manifest.version !== 2 || manifest.root !== root || manifest.entry !== entry) return false;
  if (manifest.node !== process.version || manifest.packages !== packagesStamp(root)) return false;
  if (!existsSync(join(cacheDir, manifest.dir, manifest.entryOut))) return false;
  return manifest.inputs.every((/** @type {string} */ input) => {
    const t = mtime(join(root, input));
    return t !== undefined && t <= manifest.builtAt;
  });
}

/** @param {string} root @param {string} entry @param {string} cacheDir */
async function build(root, entry, cacheDir) {
  const esbuild = await import('esbuild');
  // Taken before reading the sources: a file saved during the build makes the next start rebuild.
  const builtAt = Date.now();
  const dir = `build-${builtAt}-${process.pid}`;
  const outdir = join(cacheDir, dir);
  mkdirSync(cacheDir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outdir,
    bundle: true,
    // One file: a running simulator never loads code from disk later (its lazily imported modules
    // are in it, evaluated on first use), so replacing or removing a build cannot break it.
    splitting: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    // Silent: when the build fails, the tsx fallback reports the same error, once.
    logLevel: 'silent',
    // Packages written as CommonJS call require() for Node's own modules at run time.
    banner: { js: 'import { createRequire as __miawSimRequire } from "node:module"; const require = __miawSimRequire(import.meta.url);' },
    plugins: [sourceLocations(root)],
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/')), relative(root, BUNDLER)];
  const entryIn = relative(root, entry);
  const entryOut = relative(outdir, resolve(root, Object.keys(result.metafile.outputs).find((o) => result.metafile.outputs[o]?.entryPoint === entryIn) ?? ''));
  const manifest = { version: 2, root, entry, node: process.version, packages: packagesStamp(root), builtAt, dir, entryOut, inputs };
  const tmp = join(cacheDir, `${MANIFEST}.${process.pid}`);
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, join(cacheDir, MANIFEST));
  removeOldBuilds(cacheDir, dir);
  return join(outdir, entryOut);
}

/**
 * Each source keeps seeing its own location: `import.meta.dirname` and `import.meta.url` in a
 * project file become that file's path, not the bundle's (pages and scenarios are found by them).
 * @param {string} root
 * @returns {import('esbuild').Plugin}
 */
function sourceLocations(root) {
  return {
    name: 'miaw-sim-source-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(root) || args.path.includes('/node_modules/')) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.')) return undefined;
        const contents = source
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** @param {string} cacheDir @param {string} current */
function removeOldBuilds(cacheDir, current) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('build-') || name === current) continue;
    const t = mtime(join(cacheDir, name));
    if (t !== undefined && Date.now() - t > KEEP_OLD_BUILDS_MS) rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

// `node bin/cliBundle.js` (the `prepare` script): build now, so the first start is fast too.
if (process.argv[1] && resolve(process.argv[1]) === join(ROOT, 'bin/cliBundle.js')) {
  const bundle = await cliBundle(PROJECT_CLI);
  console.log(bundle ? `[miaw-sim] CLI bundle ready: ${relative(ROOT, bundle)}` : '[miaw-sim] CLI bundle not built; the CLI will run through tsx.');
}
