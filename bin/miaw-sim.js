#!/usr/bin/env node
// The miaw-sim command. Installed from the package, it runs the compiled JavaScript in dist/.
// In a checkout (the TypeScript sources are here), it runs the sources: from a prebuilt bundle
// (rebuilt when a source changed: see cliBundle.js), or, when that cannot be built or
// MIAW_SIM_NO_BUNDLE is set, through tsx's loader. Both are development tools, not shipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const checkout = existsSync(join(import.meta.dirname, '../cli/index.ts'));
if (!checkout) {
  await import('../dist/cli/index.js');
} else {
  const { cliBundle, PROJECT_CLI } = await import('./cliBundle.js');
  const bundle = process.env.MIAW_SIM_NO_BUNDLE ? undefined : await cliBundle(PROJECT_CLI);
  if (bundle) {
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../cli/index.ts');
  }
}
