import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/lib/loadScenarios.ts';
import { failureReport, passed } from '../../scenarios/lib/report.ts';
import { runScenarios } from '../../scenarios/lib/runScenarios.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** `expect.recorded.endUserMessages` / `repMessages`: the words the simulator recorded, in order. */
const scenario = (recorded: Record<string, unknown>) => {
  const file = join(tempDir('recorded'), 'recorded-messages.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'recorded-messages',
      title: 'The rep answers, the customer writes again: both recorded',
      steps: [{ handoff: {} }, { repSays: { text: 'Hello, how can I help?' } }, { waitFor: { sinkMessages: 1 } }, { customerSays: 'My parcel is late.' }],
      expect: { handoff: { outcome: 'completed' }, recorded },
    }),
  );
  return loadScenarioFile(file);
};

describe('expectations on the messages the simulator recorded', () => {
  it('pass when the words match, exactly or by pattern, in order', async () => {
    const [result] = await runScenarios([scenario({ endUserMessages: [{ matches: '^AI summary:' }, 'My parcel is late.'], repMessages: ['Hello, how can I help?'] })]);
    expect(passed(result!), failureReport(result!)).toBe(true);
  });

  it('fail naming what was expected and what was recorded', async () => {
    const [result] = await runScenarios([scenario({ endUserMessages: [{ matches: '^AI summary:' }, 'My parcel is early.'], repMessages: ['Hello?'] })]);
    expect(passed(result!)).toBe(false);
    expect(result!.mismatches.map((m) => m.what)).toEqual(["end user's messages recorded", "rep side's messages recorded"]);
    expect(result!.mismatches[0]!.seen).toEqual([expect.stringMatching(/^AI summary:/), 'My parcel is late.']);
    expect(result!.mismatches[1]).toMatchObject({ expected: ['Hello?'], seen: ['Hello, how can I help?'] });
  });
});
