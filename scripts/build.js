// Compile the package: TypeScript to JavaScript plus .d.ts in dist/ (tsc), then the files the
// compiled code finds next to itself (the pages, JSON Schemas, scenario files). Run by `prepare`
// (npm install in a checkout, a git-URL install, npm pack); inside the repo the development loop
// keeps running the TypeScript (bin/miaw-sim.js).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// tsc rewrites `./x.ts` to `./x.js` in the JavaScript but not in declarations (TypeScript 5.9):
// a consumer's compiler would look for .ts files that are not shipped.
for (const file of walk(DIST)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3');
  if (fixed !== text) writeFileSync(file, fixed);
}

const copy = (from, to, filter = () => true) => cpSync(join(ROOT, from), join(DIST, to), { recursive: true, filter });
copy('simulator/console', 'simulator/console');
copy('simulator/server/landing.css', 'simulator/server/landing.css');
copy('simulator/config', 'simulator/config', (src) => statSync(src).isDirectory() || src.endsWith('.json'));
copy('scenarios', 'scenarios', (src) => src === join(ROOT, 'scenarios') || src.endsWith('.json'));

console.error(`[miaw-sim] Built dist/ (${[...walk(DIST)].length} files).`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
