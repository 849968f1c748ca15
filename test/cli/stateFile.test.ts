import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStateFile, startSimulator } from '../../simulator/index.ts';
import { tmp, useCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tempDir.ts';

const fileWith = (content: string) => {
  const file = join(tempDir('miaw-sim-state'), 'state.json');
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
    const badClock = fileWith(JSON.stringify({ ...state, clock: { offsetMs: -1e16 } }));
    expect(() => readStateFile(badClock)).toThrow(/clock\.offsetMs: /);
    expect(() => readStateFile(fileWith('{ not json'))).toThrow(/Cannot import .*state\.json: /);
  });
});

describe('miaw-sim start --import <bad file>', { timeout: 90_000 }, () => {
  const { runCli } = useCli();

  it('stops start-up with one line: the file, the field and what was expected, and exits non-zero', async () => {
    const sim = await startSimulator({ log: () => undefined });
    const state = await (await fetch(`${sim.url}/__sim/v1/state`)).json();
    await sim.stop();
    const noPreChat = structuredClone(state);
    delete noPreChat.deployments[0].preChatFields;
    for (const [file, line] of [
      [fileWith(JSON.stringify(noPreChat)), 'deployments.0.preChatFields: Invalid input: expected array, received undefined'],
      [fileWith(JSON.stringify({ ...state, clock: { offsetMs: 1e16 } })), 'clock.offsetMs: must be at most ten years (315360000000 ms)'],
      [fileWith('{ not json'), 'it is not JSON ('],
      [join(tmpdir(), 'miaw-sim-no-such-state.json'), 'no such file'],
    ] as const) {
      const { code, stderr } = await runCli(['start', '--port', '0', '--data-dir', join(tmp(), 'data'), '--import', file]);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
      expect(stderr).toContain(`[miaw-sim] Cannot import ${file}: `);
      expect(stderr).toContain(line);
    }
  });
});
