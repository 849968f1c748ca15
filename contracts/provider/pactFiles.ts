import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { PACT_DIR } from '../contract.ts';

/** The pacts the consumer tests of this run wrote (contracts/.pacts-run/), or the committed ones in contracts/pacts/ when they are not part of the run. */
export const PACTS = inject('pactRunDir') ?? PACT_DIR;

/** Every pact of this run (see PACTS). */
export const pactFiles = (): string[] =>
  (existsSync(PACTS) ? readdirSync(PACTS) : [])
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(PACTS, name));

/** The pacts with this provider: each verifier checks its own provider's, with that provider's states. */
export const pactFilesFor = (provider: string): string[] => pactFiles().filter((file) => (JSON.parse(readFileSync(file, 'utf8')) as { provider?: { name?: string } }).provider?.name === provider);
