import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACT_DIR } from '../contract.ts';

/** Every pact in contracts/pacts/ (the consumer tests of this run wrote them; the committed ones otherwise). */
export const pactFiles = (): string[] =>
  (existsSync(PACT_DIR) ? readdirSync(PACT_DIR) : [])
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(PACT_DIR, name));

/** The pacts with this provider: each verifier checks its own provider's, with that provider's states. */
export const pactFilesFor = (provider: string): string[] => pactFiles().filter((file) => (JSON.parse(readFileSync(file, 'utf8')) as { provider?: { name?: string } }).provider?.name === provider);
