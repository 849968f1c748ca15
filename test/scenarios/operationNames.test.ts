import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioRunCommand } from '../../cli/scenarioCommand.ts';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { operationOf } from '../../scenarios/lib/miawOperations.ts';
import { tempDir } from '../helpers/tempDir.ts';
import { memoryOutput } from '../helpers/cli.ts';

/** `expect.journal.calls` speaks Salesforce's operation names; the runner's old names are read with a warning. */
const folder = tempDir('operation-names');
const write = (name: string, calls: Record<string, number>) => {
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, title: 'Counts the calls of one handoff by operation', steps: [{ handoff: {} }], expect: { handoff: { outcome: 'completed' }, journal: { calls } } }));
  return file;
};

describe('calls per MIAW operation', () => {
  it('names the token exchanges as Salesforce\'s API reference does', () => {
    const api = '/iamessage/api/v2/authorization';
    expect(operationOf({ method: 'POST', path: `${api}/unauthenticated/access-token` })).toBe('generateAccessTokenForUnauthenticatedUser');
    expect(operationOf({ method: 'POST', path: `${api}/authenticated/access-token` })).toBe('generateAccessTokenForAuthenticatedUser');
  });

  it('counts under the new name, and a wrong count says which operation, what was expected and what was seen', async () => {
    const io = memoryOutput();
    expect(await scenarioRunCommand({ targets: [write('new-names', { generateAccessTokenForAuthenticatedUser: 1, createConversation: 1 })] }, io), io.text()).toBe(0);
    expect(io.errLines).toEqual([]);
    const wrong = memoryOutput();
    expect(await scenarioRunCommand({ targets: [write('new-names-wrong', { generateAccessTokenForAuthenticatedUser: 2 })] }, wrong)).toBe(1);
    expect(wrong.text()).toMatch(/calls to generateAccessTokenForAuthenticatedUser:\n\s+expected 2\n\s+seen\s+1/);
  });

  it('reads an old name as the new one, with a warning on standard error naming the file, the field and the name to write', async () => {
    const file = write('old-names', { generateAuthenticatedAccessToken: 1 });
    expect(loadScenarioFile(file).expect.journal?.calls).toEqual({ generateAccessTokenForAuthenticatedUser: 1 });
    const io = memoryOutput();
    expect(await scenarioRunCommand({ targets: [file], reporter: ['json'] }, io), io.text()).toBe(0);
    expect(io.errLines[0]).toBe(`[miaw-sim] Deprecated in scenario ${file}: expect.journal.calls.generateAuthenticatedAccessToken: Salesforce names this operation generateAccessTokenForAuthenticatedUser; write that (the old name is read for now, and will be refused in a later version).`);
    expect(JSON.parse(io.outLines.join('\n'))).toMatchObject({ passed: 1 });
  });

  it('refuses the old and the new name of one operation together, naming both', () => {
    const file = write('both-names', { generateGuestAccessToken: 1, generateAccessTokenForUnauthenticatedUser: 1 });
    expect(() => loadScenarioFile(file)).toThrow(`Invalid scenario ${file}: expect.journal.calls: generateGuestAccessToken and generateAccessTokenForUnauthenticatedUser are one operation, generateAccessTokenForUnauthenticatedUser (generateGuestAccessToken is its old name): give it once, as generateAccessTokenForUnauthenticatedUser`);
  });
});
