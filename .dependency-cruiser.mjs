/**
 * Import walls, checked by dependency-cruiser as part of `npm run lint`.
 *
 * Run as `depcruise simulator cli client scenarios contracts bench` (see package.json's
 * lint:walls). Every rule is an error and names itself in the output, so a breach says
 * which wall it crossed. Paths are relative to the repository root.
 *
 * Type-only imports count (tsPreCompilationDeps): a type import that crosses a wall or
 * closes a cycle still couples the two modules.
 *
 * test/lint/walls.test.ts proves that the rules fire.
 */

/** Packages that carry HTTP; the domain must not know about them (their @types count too). */
const HTTP_PACKAGES = '(^|/)node_modules/(@types/)?(express|multer|ws)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycle (type-only imports count). Break it: move the shared piece down a layer, or invert the dependency.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment: 'client/ must run against a real Salesforce org with no simulator present: it imports nothing from simulator/, cli/ or scenarios/.',
      from: { path: '^client/' },
      to: { path: '^(simulator|cli|scenarios)/' },
    },
    {
      name: 'store-is-the-bottom',
      severity: 'error',
      comment: 'simulator/store/ is the bottom layer: it may import only simulator/shared/ (and itself).',
      from: { path: '^simulator/store/' },
      to: { path: '^simulator/', pathNot: '^simulator/(store|shared)/' },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      comment: 'simulator/shared/ is a leaf: it imports nothing from other simulator folders.',
      from: { path: '^simulator/shared/' },
      to: { path: '^simulator/', pathNot: '^simulator/shared/' },
    },
    {
      name: 'domain-has-no-http',
      severity: 'error',
      comment: 'simulator/domain/ knows nothing of HTTP: no express, multer or ws, nothing from simulator/routes|control|http|server|events|serialize.',
      from: { path: '^simulator/domain/' },
      to: { path: [HTTP_PACKAGES, '^(express|multer|ws)(/|$)', '^simulator/(routes|control|http|server|events|serialize)/'] },
    },
    {
      name: 'domain-one-way',
      severity: 'error',
      comment: 'Inside simulator/domain/ imports go one way: reps -> routing -> conversations. conversations imports neither routing nor reps; routing imports no reps.',
      // $1 is the folder the import starts from: routing -> routing is fine, routing -> reps is not.
      from: { path: '^simulator/domain/(conversations|routing)/' },
      to: { path: '^simulator/domain/(routing|reps)/', pathNot: '^simulator/domain/$1/' },
    },
    {
      name: 'planes-apart',
      severity: 'error',
      comment: 'The API plane (simulator/routes/) and the control plane (simulator/control/) never import each other.',
      from: { path: '^simulator/(routes|control)/' },
      to: { path: '^simulator/(routes|control)/', pathNot: '^simulator/$1/' },
    },
    {
      name: 'public-entry-only',
      severity: 'error',
      comment: 'cli/, scenarios/, contracts/ and bench/ reach the simulator only through simulator/index.ts.',
      from: { path: '^(cli|scenarios|contracts|bench)/' },
      to: { path: '^simulator/', pathNot: '^simulator/index\\.ts$' },
    },
    {
      name: 'serialize-is-low',
      severity: 'error',
      comment: 'simulator/serialize/ imports only simulator/store/, simulator/shared/ and itself.',
      from: { path: '^simulator/serialize/' },
      to: { path: '^simulator/', pathNot: '^simulator/(serialize|store|shared)/' },
    },
    {
      name: 'saved-scenario-is-pure',
      comment: 'simulator/savedScenario/ builds a scenario file from records: it imports only simulator/serialize|store|shared/ (and the client), no HTTP and no context.',
      severity: 'error',
      from: { path: '^simulator/savedScenario/' },
      to: { path: [HTTP_PACKAGES, '^(express|multer|ws)(/|$)', '^simulator/(?!(savedScenario|serialize|store|shared)/)'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file. A package: add it to package.json. A path: fix it.',
      from: {},
      // The console's browser pages may import by URL ('/console/lib/api.js'): the simulator serves
      // simulator/console/ at /console/, so the browser, not the file system, resolves those.
      to: { couldNotResolve: true, pathNot: '^/console/' },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'This package is not in package.json (only there by accident, via another package): add it, or do not import it.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The code imports './foo.ts'; tsconfig.json (allowImportingTsExtensions, NodeNext) says how that resolves.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Resolve packages the way Node's ESM loader does, with the `types` condition so type-only
    // imports of packages land on a real file rather than showing up as unresolvable.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
