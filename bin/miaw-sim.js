#!/usr/bin/env node
// Runs the CLI from its prebuilt bundle (rebuilt when a source changed: see cliBundle.js), or, when
// it cannot be built or MIAW_SIM_NO_BUNDLE is set, from the TypeScript through tsx's loader.
import { pathToFileURL } from 'node:url';
import { cliBundle, PROJECT_CLI } from './cliBundle.js';

const bundle = process.env.MIAW_SIM_NO_BUNDLE ? undefined : await cliBundle(PROJECT_CLI);
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/index.ts');
}
