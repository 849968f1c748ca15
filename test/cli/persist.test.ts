import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { tmp, useCli, type CliRun } from '../helpers/cli.ts';
import { call, getGuestToken, getVerifiedToken, sendMessage, show, startConversation } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

/**
 * `--persist <dir>`: the simulator is killed with SIGKILL right after its last 2xx, started again
 * with the same directory, and everything those replies acknowledged is there.
 */
const V1 = '/__sim/v1';
const API = '/iamessage/api/v2';

describe('miaw-sim start --persist', () => {
  const { spawnCli } = useCli();

  /** Start the CLI on a free port with this persist dir; a `RunningSimulator`-shaped view for the test helpers. */
  const start = async (dataDir: string, persistDir: string): Promise<{ run: CliRun; sim: RunningSimulator }> => {
    const run = spawnCli(['start', '--port', '0', '--json', '--data-dir', dataDir, '--persist', persistDir]);
    const [line] = await run.waitFor(/^\{.*\}$/m);
    const info = JSON.parse(line);
    const sim = {
      url: info.messagingUrl,
      orgId: info.orgId,
      esDeveloperName: info.esDeveloperName,
      kid: info.authKeyId,
      issuer: info.issuer,
      privateKeyPem: readFileSync(info.privateKeyFile, 'utf8'),
    } as unknown as RunningSimulator;
    return { run, sim };
  };
  const kill9 = async (run: CliRun) => {
    run.child.kill('SIGKILL');
    await run.exited;
  };
  const ok = (r: { status: number; text: string }, status: number) => expect(r.status, show(r as never)).toBe(status);

  it('keeps every acknowledged change across kill -9: conversations, entries, tokens, revocation, key, fault, clock, routing, event ids', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const first = await start(dataDir, persistDir);
    const sim = first.sim;

    // Set-up through the control API: a key registered, a fault rule, a rep (the clock is moved ahead later).
    const { publicKeyPem } = await generateRsaKeyPair();
    const key = await call(sim, 'POST', `${V1}/orgs/${sim.orgId}/keysets/Sim_Keyset/keys`, { body: { pem: publicKeyPem, kid: 'persisted-key' } });
    ok(key, 201);
    const fault = await call(sim, 'POST', `${V1}/faults`, { body: { match: { method: 'GET', path: '/iamessage/api/v2/nothing-here' }, action: { type: 'status', status: 503 }, times: 3 } });
    ok(fault, 201);
    const rep = await call(sim, 'POST', `${V1}/reps`, { body: { name: 'Ada', queues: ['Default'], capacity: 2 } });
    ok(rep, 201);
    // A load: 4 end users (guest and verified), 6 conversations each, 3 messages in each, in parallel.
    const users = await Promise.all([getGuestToken(sim), getVerifiedToken(sim, 'persist-a'), getGuestToken(sim), getVerifiedToken(sim, 'persist-b')]);
    const acknowledged = new Map<string, { token: string; messages: string[] }>();
    await Promise.all(
      users.map(async ({ accessToken }) => {
        for (let c = 0; c < 6; c++) {
          const id = await startConversation(sim, accessToken, { Origin: 'persist-test' });
          acknowledged.set(id, { token: accessToken, messages: [] });
          await Promise.all(
            [0, 1, 2].map(async (m) => {
              const r = await sendMessage(sim, accessToken, id, `message ${m} of ${id}`);
              ok(r, 202);
              acknowledged.get(id)!.messages.push(r.body.conversationEntries?.[0]?.identifier ?? `message ${m} of ${id}`);
            }),
          );
        }
      }),
    );
    const [someId] = acknowledged.keys();
    const reply = await call(sim, 'POST', `${V1}/conversations/${someId}/messages`, { body: { text: 'a persisted rep reply', repName: 'Ada' } });
    ok(reply, 201);
    ok(await call(sim, 'POST', `${V1}/clock/advance`, { body: { ms: 600_000 } }), 200);
    // The fault serves one request (its count is state too).
    ok(await call(sim, 'GET', `${API}/nothing-here`), 503);
    // A token revoked, and the last event id handed out before the crash.
    const revoked = await getGuestToken(sim);
    ok(await call(sim, 'DELETE', `${API}/authorization/authenticated/access-token`, { token: revoked.accessToken }), 204);
    const last = await getGuestToken(sim);
    await kill9(first.run);

    const second = await start(dataDir, persistDir);
    const again = second.sim;
    // Every conversation, with every message, through the same access tokens it was created with.
    const list = await call(again, 'GET', `${V1}/conversations`);
    ok(list, 200);
    const listed = new Set((list.body.conversations as Array<{ id?: string; conversationId?: string }>).map((c) => c.id ?? c.conversationId));
    for (const [id, { token }] of acknowledged) {
      expect(listed.has(id), id).toBe(true);
      const entries = await call(again, 'GET', `${API}/conversation/${id}/entries?esDeveloperName=${again.esDeveloperName}`, { token });
      ok(entries, 200);
      const texts = (entries.body.conversationEntries as Array<{ entryPayload: { abstractMessage?: { staticContent?: { text?: string } } } }>).map((e) => e.entryPayload.abstractMessage?.staticContent?.text);
      for (const m of [0, 1, 2]) expect(texts).toContain(`message ${m} of ${id}`);
      if (id === someId) expect(texts).toContain('a persisted rep reply');
    }
    // The revoked token stays revoked; the others still work.
    const refused = await call(again, 'GET', `${API}/conversation/${someId}/entries?esDeveloperName=${again.esDeveloperName}`, { token: revoked.accessToken });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ errorCode: 'ACCESS_TOKEN_REVOKED' });
    // The key, the fault rule (with what it served), the rep, the clock.
    const keysets = await call(again, 'GET', `${V1}/keysets`);
    expect(JSON.stringify(keysets.body)).toContain('persisted-key');
    const faults = await call(again, 'GET', `${V1}/faults`);
    expect(faults.body.rules).toMatchObject([{ id: fault.body.rules[0].id, served: 1, remaining: 2 }]);
    const reps = await call(again, 'GET', `${V1}/reps`);
    expect(JSON.stringify(reps.body)).toContain('"Ada"');
    const clock = await call(again, 'GET', `${V1}/clock`);
    expect(clock.body.offsetMs).toBeGreaterThanOrEqual(600_000);
    // Event ids go on from where they were: a new message's event id is greater than any handed out before.
    const before = Number(last.lastEventId);
    expect(before).toBeGreaterThan(0);
    const stream = await openStream(again.url, last.accessToken, again.orgId);
    const id = await startConversation(again, last.accessToken);
    const frames = await stream.waitFor((f) => f.some((x) => x.data.includes(id)));
    stream.close();
    for (const frame of frames) expect(Number(frame.id)).toBeGreaterThan(before);
    await kill9(second.run);
  }, 120_000);

  it('keeps what a scripted rep said on its own (a timer, no request) once an event stream carried it', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const first = await start(dataDir, persistDir);
    const sim = first.sim;
    const script = [{ accept: true }, { wait: 50 }, { say: 'said by the script on a timer' }];
    ok(await call(sim, 'POST', `${V1}/reps`, { body: { name: 'Bot', queues: ['Default'], script } }), 201);
    const { accessToken } = await getGuestToken(sim);
    const stream = await openStream(sim.url, accessToken, sim.orgId);
    const id = await startConversation(sim, accessToken);
    const frames = await stream.waitFor((f) => f.some((x) => x.data.includes('said by the script on a timer')));
    const said = frames.find((x) => x.data.includes('said by the script on a timer'))!;
    await kill9(first.run);

    const second = await start(dataDir, persistDir);
    const entries = await call(second.sim, 'GET', `${API}/conversation/${id}/entries?esDeveloperName=${sim.esDeveloperName}`, { token: accessToken });
    ok(entries, 200);
    expect(JSON.stringify(entries.body)).toContain('said by the script on a timer');
    // Replayed after the restart with the id it was first sent with.
    const replay = await openStream(second.sim.url, accessToken, sim.orgId, String(Number(said.id) - 1));
    const replayed = await replay.waitFor((f) => f.some((x) => x.id === said.id));
    replay.close();
    expect(replayed.find((x) => x.id === said.id)!.data).toContain('said by the script on a timer');
    await kill9(second.run);
  }, 90_000);

  it('leaves out a torn last line (a write cut short by the crash) and starts', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const first = await start(dataDir, persistDir);
    const { accessToken } = await getGuestToken(first.sim);
    const id = await startConversation(first.sim, accessToken);
    await kill9(first.run);
    appendFileSync(join(persistDir, 'changes.jsonl'), '{"conversations":[{"from":3,"conversation":{"id":"cut-sh');

    const second = await start(dataDir, persistDir);
    const r = await call(second.sim, 'GET', `${V1}/conversations/${id}`);
    ok(r, 200);
    expect(second.run.stderr()).toMatch(/cut short by the crash/);
    await kill9(second.run);
  }, 90_000);

  it('stops with one clear line naming the file when the snapshot is corrupt, or a line in the middle of the log', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const first = await start(dataDir, persistDir);
    ok(await call(first.sim, 'POST', `${V1}/clock/advance`, { body: { ms: 1000 } }), 200);
    ok(await call(first.sim, 'POST', `${V1}/clock/advance`, { body: { ms: 1000 } }), 200);
    await kill9(first.run);

    const log = join(persistDir, 'changes.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    writeFileSync(log, [lines[0], 'not json', ...lines.slice(1)].join('\n'));
    const badLine = spawnCli(['start', '--port', '0', '--data-dir', dataDir, '--persist', persistDir]);
    expect(await badLine.exited).not.toBe(0);
    expect(badLine.stderr().trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^\\[miaw-sim\\] Cannot restore ${escape(log)}: line 2 is not valid JSON \\(only the last line`))]);

    const snapshot = join(persistDir, 'snapshot.json');
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').slice(0, 200));
    const badSnapshot = spawnCli(['start', '--port', '0', '--data-dir', dataDir, '--persist', persistDir]);
    expect(await badSnapshot.exited).not.toBe(0);
    const stderr = badSnapshot.stderr().trim();
    expect(stderr.split('\n')).toEqual([expect.stringMatching(new RegExp(`Cannot restore ${escape(snapshot)}: it is not valid JSON`))]);
    expect(stderr).not.toMatch(/PRIVATE KEY|tokenSecret/);
  }, 90_000);

  it('works for exec too: the command advances the clock, then kills the simulator with SIGKILL; a start on the same directory has it', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const command = join(tmp(), 'advance-then-kill.mjs');
    writeFileSync(
      command,
      `const r = await fetch(process.env.MIAW_CONTROL_URL + '/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 7_200_000 }) });
       if (r.status !== 200) process.exit(2);
       process.kill(process.ppid, 'SIGKILL');`,
    );
    const exec = spawnCli(['exec', '--data-dir', dataDir, '--persist', persistDir, '--', process.execPath, command]);
    expect(await exec.exited).toBeNull(); // killed by the signal, not exited
    const again = await start(dataDir, persistDir);
    const clock = await call(again.sim, 'GET', `${V1}/clock`);
    expect(clock.body.offsetMs).toBeGreaterThanOrEqual(7_200_000);
    await kill9(again.run);
  }, 90_000);

  it('writes its files 0600 in a 0700 directory, and refuses a second simulator on the same directory', async () => {
    const dataDir = tmp();
    const persistDir = join(tmp(), 'state');
    const first = await start(dataDir, persistDir);
    ok(await call(first.sim, 'POST', `${V1}/clock/advance`, { body: { ms: 1000 } }), 200);
    expect(statSync(persistDir).mode & 0o777).toBe(0o700);
    for (const file of ['snapshot.json', 'changes.jsonl', 'lock']) {
      expect(existsSync(join(persistDir, file)), file).toBe(true);
      expect(statSync(join(persistDir, file)).mode & 0o777, file).toBe(0o600);
    }
    const other = spawnCli(['start', '--port', '0', '--data-dir', tmp(), '--persist', persistDir]);
    expect(await other.exited).not.toBe(0);
    expect(other.stderr()).toMatch(/is in use by another simulator \(pid \d+\)/);
    await kill9(first.run);
  }, 90_000);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
