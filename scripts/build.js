// Compile the package: TypeScript to JavaScript plus .d.ts in dist/ (tsc), then the files the
// compiled code finds next to itself (the pages, JSON Schemas, scenario files). Run by `prepare`
// (npm install in a checkout, a git-URL install, npm pack); inside the repo the development loop
// keeps running the TypeScript (bin/miaw-sim.js). When dist/ is already what this build would
// write (scripts/buildStamp.js), it is reused; MIAW_SIM_FULL_BUILD=1 builds anyway.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildCopies, compiledOutsideInclude, inputsHash, removeStamp, stampMatches, writeStamp } from './buildStamp.js';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const COPIES = buildCopies(ROOT);

const inputs = inputsHash(ROOT, COPIES);
if (process.env.MIAW_SIM_FULL_BUILD !== '1' && stampMatches(ROOT, DIST, inputs)) {
  console.error(`[miaw-sim] dist/ is up to date with its sources: reused it (MIAW_SIM_FULL_BUILD=1 builds anyway).`);
  process.exit(0);
}
removeStamp(ROOT);
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

for (const [from, filter] of COPIES) cpSync(join(ROOT, from), join(DIST, from), { recursive: true, filter });
const outside = compiledOutsideInclude(ROOT, DIST);
if (outside.length === 0) writeStamp(ROOT, DIST, inputs);
else console.error(`[miaw-sim] Not stamped, the next build compiles again: tsc also compiled ${outside.slice(0, 3).join(', ')}, outside tsconfig.build.json's include.`);

console.error(`[miaw-sim] Built dist/ (${[...walk(DIST)].length} files).`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
