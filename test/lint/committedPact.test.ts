import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSUMER, PACT_FILE, PROVIDER, REST_PACT_FILE, REST_PROVIDER } from '../../contracts/contract.ts';

/**
 * The committed pacts (MIAW, and the Email Case path's REST one) are what `--project contracts-provider` and a broker publish verify: it must
 * never go missing. Twice a merge committed its deletion (the consumer tests used to clear
 * contracts/pacts/ while they ran; they now write to contracts/.pacts-run/). Should it happen
 * again, this fails loudly: the file must be in git's HEAD and in the work tree, and be a Pact V4
 * file of this consumer and provider with interactions.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function expectPact(text: string, where: string, provider: string) {
  const pact = JSON.parse(text) as { consumer?: { name?: string }; provider?: { name?: string }; interactions?: unknown[]; metadata?: { pactSpecification?: { version?: string } } };
  expect({ consumer: pact.consumer?.name, provider: pact.provider?.name, spec: pact.metadata?.pactSpecification?.version }, where).toEqual({ consumer: CONSUMER, provider, spec: '4.0' });
  expect(pact.interactions?.length ?? 0, where).toBeGreaterThan(0);
}

describe.each([
  { file: PACT_FILE, provider: PROVIDER },
  { file: REST_PACT_FILE, provider: REST_PROVIDER },
])('the committed pact with $provider', ({ file, provider }) => {
  const path = relative(ROOT, file);

  it(`${path} is committed (in HEAD) and a Pact V4 file with interactions`, () => {
    let committed = '';
    try {
      committed = execFileSync('git', ['show', `HEAD:${path}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      expect.fail(`${path} is not in HEAD: a commit deleted it; restore it with git checkout <last good commit> -- ${path} (${String(err)})`);
    }
    expectPact(committed, `HEAD:${path}`, provider);
  });

  it(`${path} is in the work tree and parses`, () => {
    expectPact(readFileSync(file, 'utf8'), path, provider);
  });
});
