import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** The customerSendsFile step (the built-in client's sendFile) and the endUserFiles expectation (what the simulator recorded). */
const write = (content: Record<string, unknown>) => {
  const file = join(tempDir('customer-files'), `${content.name as string}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
};
const receipt = Buffer.from('%PDF-1.4 receipt').toString('base64');
const scenario = (endUserFiles: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'customer-files',
  title: 'The customer sends two files after the handoff',
  steps: [{ handoff: {} }, { customerSendsFile: { name: 'receipt.pdf', mimeType: 'application/pdf', data: receipt, text: 'my receipt' } }, { customerSendsFile: { name: 'photo.png', mimeType: 'image/png', sizeBytes: 2048 } }],
  expect: { handoff: { outcome: 'completed' }, recorded: { endUserFiles }, ...extra },
  ...(extra.client ? { client: extra.client } : {}),
});

describe('a customer sending files in a scenario', () => {
  it('sends inline base64 and sized zero-byte files, and checks what the simulator recorded', async () => {
    const files = [{ name: 'receipt.pdf', mimeType: 'application/pdf', size: 16 }, { name: 'photo.png', mimeType: 'image/png', size: 2048 }];
    const [result] = await runScenarios([loadScenarioFile(write(scenario(files, { conversations: [{ endUserFiles: files }] })))]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('turns red naming the files when they differ (size checked only where expected)', async () => {
    const [result] = await runScenarios([loadScenarioFile(write(scenario([{ name: 'receipt.pdf', mimeType: 'application/pdf' }, { name: 'photo.png', mimeType: 'image/png', size: 1 }])))]);
    expect(result!.mismatches).toEqual([
      {
        what: 'files the end user sent',
        expected: [{ name: 'receipt.pdf', mimeType: 'application/pdf' }, { name: 'photo.png', mimeType: 'image/png', size: 1 }],
        seen: [{ name: 'receipt.pdf', mimeType: 'application/pdf' }, { name: 'photo.png', mimeType: 'image/png', size: 2048 }],
      },
    ]);
  });

  it.each([
    ['both data and sizeBytes', { name: 'a.txt', mimeType: 'text/plain', data: 'YQ==', sizeBytes: 1 }, 'steps.1.customerSendsFile: needs exactly one of data (base64) or sizeBytes'],
    ['neither', { name: 'a.txt', mimeType: 'text/plain' }, 'needs exactly one of data (base64) or sizeBytes'],
    ['data that is not base64', { name: 'a.txt', mimeType: 'text/plain', data: 'not base64!' }, 'steps.1.customerSendsFile.data'],
    ['no name', { mimeType: 'text/plain', sizeBytes: 1 }, 'steps.1.customerSendsFile.name'],
  ])('refuses a step with %s, naming the field', (_what, step, message) => {
    const file = write({ ...scenario([]), steps: [{ handoff: {} }, { customerSendsFile: step }] });
    expect(() => loadScenarioFile(file)).toThrow(message);
  });

  it('is a built-in client step: an external client is refused it, and judged on endUserFiles like any record', () => {
    const file = write({ ...scenario([]), client: { command: 'true' }, expect: { client: { exitCode: 0 }, recorded: { endUserFiles: [] } } });
    expect(() => loadScenarioFile(file)).toThrow('steps.1.customerSendsFile, steps.2.customerSendsFile: only the built-in handoff client reports or acts on this');
  });
});
