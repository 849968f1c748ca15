import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStateFile } from '../../simulator/index.ts';
import { startSimulator } from '../../simulator/index.ts';

const fileWith = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'miaw-sim-state-')), 'state.json');
  writeFileSync(file, content);
  return file;
};

describe('readStateFile (--import)', () => {
  it('reads back what the simulator exports, routing and clock included', async () => {
    const sim = await startSimulator({ log: () => undefined });
    try {
      const state = await (await fetch(`${sim.url}/__sim/v1/state`)).json();
      expect(readStateFile(fileWith(JSON.stringify(state)))).toEqual(state);
    } finally {
      await sim.stop();
    }
  });

  it('names the file and the field that is wrong, in the routing and clock sections too', async () => {
    const sim = await startSimulator({ log: () => undefined });
    const state = await (await fetch(`${sim.url}/__sim/v1/state`)).json();
    await sim.stop();
    const badRep = fileWith(JSON.stringify({ ...state, routing: { ...state.routing, reps: [{ name: 'Alex', queues: ['Default'], capacity: 0 }] } }));
    expect(() => readStateFile(badRep)).toThrow(new RegExp(`Cannot import ${badRep}: routing\\.reps\\.0\\.capacity: `));
    const undeclaredQueue = fileWith(JSON.stringify({ ...state, routing: { ...state.routing, reps: [{ name: 'Alex', queues: ['Nope'] }] } }));
    expect(() => readStateFile(undeclaredQueue)).toThrow(/routing\.reps\.0\.queues\.0: no queue "Nope" is declared/);
    const badClock = fileWith(JSON.stringify({ ...state, clock: { offsetMs: -5 } }));
    expect(() => readStateFile(badClock)).toThrow(/clock\.offsetMs: /);
    expect(() => readStateFile(fileWith('{ not json'))).toThrow(/Cannot import .*state\.json: /);
  });
});
