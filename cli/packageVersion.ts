import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * This package's version, read from its package.json: the nearest one above this file named
 * miaw-sim (`cli/` in a checkout, `dist/cli/` in the installed package).
 */
export function packageVersion(from = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'miaw-sim' && pkg.version) return pkg.version;
    } catch {
      // none here: look further up
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
