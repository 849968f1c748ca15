import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSUMER, PACT_FILE, PROVIDER } from '../../contracts/contract.ts';

/**
 * The committed pact is what `--project contracts-provider` and a broker publish verify: it must
 * never go missing. Twice a merge committed its deletion (the consumer tests used to clear
 * contracts/pacts/ while they ran; they now write to contracts/.pacts-run/). Should it happen
 * again, this fails loudly: the file must be in git's HEAD and in the work tree, and be a Pact V4
 * file of this consumer and provider with interactions.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PATH = relative(ROOT, PACT_FILE);

function expectPact(text: string, where: string) {
  const pact = JSON.parse(text) as { consumer?: { name?: string }; provider?: { name?: string }; interactions?: unknown[]; metadata?: { pactSpecification?: { version?: string } } };
  expect({ consumer: pact.consumer?.name, provider: pact.provider?.name, spec: pact.metadata?.pactSpecification?.version }, where).toEqual({ consumer: CONSUMER, provider: PROVIDER, spec: '4.0' });
  expect(pact.interactions?.length ?? 0, where).toBeGreaterThan(0);
}

describe('the committed pact', () => {
  it(`${PATH} is committed (in HEAD) and a Pact V4 file with interactions`, () => {
    let committed = '';
    try {
      committed = execFileSync('git', ['show', `HEAD:${PATH}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      expect.fail(`${PATH} is not in HEAD: a commit deleted it; restore it with git checkout <last good commit> -- ${PATH} (${String(err)})`);
    }
    expectPact(committed, `HEAD:${PATH}`);
  });

  it(`${PATH} is in the work tree and parses`, () => {
    expectPact(readFileSync(PACT_FILE, 'utf8'), PATH);
  });
});
