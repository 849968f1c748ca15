import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

let cached: PackageInfo | undefined;

/**
 * This package's name, version and description, read from its package.json: the nearest one
 * above this file named miaw-sim (the checkout's root, or the installed package's, above dist/).
 */
export function packageInfo(from = import.meta.dirname): PackageInfo {
  if (cached && from === import.meta.dirname) return cached;
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Partial<PackageInfo>;
      if (pkg.name === 'miaw-sim' && pkg.version) return (cached = { name: pkg.name, version: pkg.version, description: pkg.description ?? '' });
    } catch {
      // none here: look further up
    }
    if (dirname(dir) === dir) return { name: 'miaw-sim', version: '0.0.0', description: '' };
  }
}
