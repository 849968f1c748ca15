import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunningSimulator } from '../../simulator/index.ts';
import { call } from './sim.ts';
import { tempDir } from './tempDir.ts';

/** Save the session through the control API and keep it as a file, as a user would. */
export async function saveSession(sim: RunningSimulator, query = ''): Promise<{ file: string; scenario: any }> {
  const res = await call(sim, 'GET', `/__sim/v1/scenario${query}`);
  expect(res.status, res.text).toBe(200);
  const file = join(tempDir('saved'), `${res.body.name}.json`);
  writeFileSync(file, JSON.stringify(res.body, null, 2));
  return { file, scenario: res.body };
}
