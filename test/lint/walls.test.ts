import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import walls of .dependency-cruiser.mjs hold and name their rule. Throwaway probe files are
 * written into the cruised tree (each crossing, or keeping to, one wall), cruised with the
 * project's own config, and removed afterwards. Only edges that start at a probe are looked at,
 * so the test does not depend on whatever violations the real tree has today.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = '.dependency-cruiser.mjs';
/** Unique per run, so two runs (or a run and a lint) never trip over each other's probes. .gitignore'd. */
const TAG = `__walls_probe_${process.pid}__`;

interface Probe {
  /** Path of the probe file, relative to the repository root. */
  file: string;
  /** The one import it makes (written as the code would write it). */
  imports: string;
  /** The rule that must report it; null when the import is legitimate and nothing may be reported. */
  rule: string | null;
  /** Written as `import type`, to show type-only imports count. */
  typeOnly?: boolean;
}

const p = (dir: string, name = 'probe') => `${dir}/${TAG}/${name}.ts`;

const PROBES: Probe[] = [
  // A breach of each wall...
  { file: p('client'), imports: '../../simulator/index.ts', rule: 'client-stands-alone' },
  { file: p('client', 'typeOnly'), imports: '../../cli/index.ts', rule: 'client-stands-alone', typeOnly: true },
  { file: p('simulator/store'), imports: '../../domain/routing/omni.ts', rule: 'store-is-the-bottom' },
  { file: p('simulator/shared'), imports: '../../store/store.ts', rule: 'shared-is-a-leaf' },
  { file: p('simulator/domain/conversations'), imports: 'express', rule: 'domain-has-no-http' },
  { file: p('simulator/domain/reps'), imports: '../../../server/context.ts', rule: 'domain-has-no-http', typeOnly: true },
  { file: p('simulator/domain/conversations', 'up'), imports: '../../routing/omni.ts', rule: 'domain-one-way' },
  { file: p('simulator/domain/routing'), imports: '../../reps/repSchema.ts', rule: 'domain-one-way' },
  { file: p('simulator/routes'), imports: '../../control/routing.ts', rule: 'planes-apart' },
  { file: p('simulator/control'), imports: '../../routes/conversations.ts', rule: 'planes-apart' },
  { file: p('cli'), imports: '../../simulator/server/app.ts', rule: 'public-entry-only' },
  { file: p('bench'), imports: '../../simulator/store/seed.ts', rule: 'public-entry-only', typeOnly: true },
  { file: p('simulator/serialize'), imports: '../../auth/accessToken.ts', rule: 'serialize-is-low' },
  { file: p('simulator/savedScenario'), imports: '../../server/context.ts', rule: 'saved-scenario-is-pure', typeOnly: true },
  { file: p('client', 'missing'), imports: './doesNotExist.ts', rule: 'not-to-unresolvable' },
  // Installed only as some package's dependency (picomatch, through prism-cli's chokidar), not in package.json.
  { file: p('client', 'undeclared'), imports: 'picomatch', rule: 'no-non-package-json' },
  // ...and imports that keep to the walls, which nothing may report.
  { file: p('client', 'legit'), imports: '../config.ts', rule: null },
  { file: p('cli', 'legit'), imports: '../../simulator/index.ts', rule: null },
  { file: p('simulator/store', 'legit'), imports: '../../shared/clock.ts', rule: null },
  { file: p('simulator/domain/reps', 'legit'), imports: '../../routing/omni.ts', rule: null, typeOnly: true },
  { file: p('simulator/domain/routing', 'legit'), imports: '../../conversations/sessions.ts', rule: null, typeOnly: true },
  { file: p('simulator/serialize', 'legit'), imports: '../../store/store.ts', rule: null, typeOnly: true },
  { file: p('simulator/savedScenario', 'legit'), imports: '../../serialize/messageText.ts', rule: null },
  { file: p('simulator/routes', 'legit'), imports: '../../shared/clock.ts', rule: null },
];

/** A two-file cycle, one half of it type-only: cycles through types count too. */
const CYCLE = { a: p('simulator/shared', 'cycleA'), b: p('simulator/shared', 'cycleB') };

const written = new Set<string>();
function write(file: string, text: string) {
  const abs = join(ROOT, file);
  mkdirSync(dirname(abs), { recursive: true });
  written.add(dirname(abs));
  writeFileSync(abs, text);
}

let result: ICruiseResult;

beforeAll(async () => {
  try {
    for (const probe of PROBES) {
      write(probe.file, probe.typeOnly
        ? `import type * as target from '${probe.imports}';\nexport type Probe = typeof target;\n`
        : `import * as target from '${probe.imports}';\nexport const probe = target;\n`);
    }
    write(CYCLE.a, `import type { B } from './cycleB.ts';\nexport interface A { b?: B }\nexport const a = 1;\n`);
    write(CYCLE.b, `import { a } from './cycleA.ts';\nexport interface B { a: typeof a }\n`);

    const options = await extractDepcruiseOptions(join(ROOT, CONFIG));
    // Record the probes' own imports but do not walk on into the real tree: faster, and today's
    // violations elsewhere stay out of the picture. The rules themselves are the config's.
    options.doNotFollow = { path: ['node_modules', `^(?!.*/${TAG}/)`] };
    // Paths (the rules', the tsconfig's) are relative to the repository root, as when lint runs.
    options.baseDir = ROOT;
    options.tsConfig = { fileName: join(ROOT, 'tsconfig.json') };
    const out = await cruise([...PROBES.map((probe) => probe.file), CYCLE.a], options, {}, { tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')) });
    result = out.output as ICruiseResult;
  } finally {
    removeProbes();
  }
});

function removeProbes() {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
}
afterAll(removeProbes);

const violationsFrom = (file: string): IViolation[] => result.summary.violations.filter((v) => v.from === file);

describe('import walls (.dependency-cruiser.mjs)', () => {
  it.each(PROBES.filter((probe) => probe.rule))('$file -> $imports breaks $rule', (probe) => {
    expect(violationsFrom(probe.file).map((v) => v.rule.name)).toEqual([probe.rule]);
    expect(violationsFrom(probe.file)[0]!.rule.severity).toBe('error');
  });

  it.each(PROBES.filter((probe) => !probe.rule))('$file -> $imports is allowed', (probe) => {
    // The import was seen and resolved (so the absence of a violation means something)...
    const module = result.modules.find((m) => m.source === probe.file);
    expect(module?.dependencies).toHaveLength(1);
    expect(module!.dependencies[0]!.couldNotResolve).toBe(false);
    // ...and nothing reports it.
    expect(violationsFrom(probe.file)).toEqual([]);
  });

  it('type-only imports are counted as dependencies', () => {
    const module = result.modules.find((m) => m.source === p('bench'));
    expect(module!.dependencies[0]!.dependencyTypes).toContain('type-only');
  });

  it('a cycle, even through type-only imports, breaks no-cycles', () => {
    const names = [...violationsFrom(CYCLE.a), ...violationsFrom(CYCLE.b)].map((v) => v.rule.name);
    expect(names).toContain('no-cycles');
  });

  it('the probes are gone afterwards', () => {
    for (const probe of PROBES) expect(existsSync(join(ROOT, probe.file))).toBe(false);
  });
});

describe('npm run lint:walls', () => {
  it('fails on a breach and names the rule', async () => {
    const file = p('client', 'cli');
    try {
      write(file, `import { startSimulator } from '../../simulator/index.ts';\nexport const probe = startSimulator;\n`);
      // The command lint:walls runs, pointed at the probe alone (the real tree may still have violations).
      const run = promisify(execFile)(join(ROOT, 'node_modules/.bin/depcruise'), ['--config', CONFIG, '--do-not-follow', `^(?!.*/${TAG}/)`, file], { cwd: ROOT });
      const failure = await run.then(() => null, (error: { code: number; stdout: string }) => error);
      expect(failure?.code).not.toBe(0);
      expect(failure?.stdout).toContain(`error client-stands-alone: ${file} → simulator/index.ts`);
    } finally {
      removeProbes();
    }
  });
});
