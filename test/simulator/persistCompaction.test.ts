import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { defaultSeed } from '../../simulator/config/seed.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { createHandler } from '../../simulator/server/app.ts';
import type { SimContext } from '../../simulator/server/context.ts';
import { createContext } from '../../simulator/server/createContext.ts';
import { PersistDir } from '../../simulator/server/persist/persistDir.ts';
import { attachPersistence } from '../../simulator/server/persist/persistence.ts';
import { readPersisted } from '../../simulator/server/persist/readPersisted.ts';
import { exportState, importState } from '../../simulator/server/stateFile.ts';
import { call, getGuestToken, sendMessage, show, startConversation } from '../helpers/sim.ts';

/**
 * The log folded into a new snapshot in the background: requests keep being served and written
 * (to the next log) while the snapshot is written a slice at a time, and whatever moment the process
 * dies at, the directory as it is then holds every acknowledged change, in order.
 */
describe('--persist: compaction in the background', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A persisting simulator on `dir` whose background snapshots wait at `gate` between slices. */
  async function persisting(dir: string, gate: { wait: Promise<void> }) {
    const keys = await generateRsaKeyPair();
    const { seed } = await defaultSeed(keys.publicKeyPem, Date.now());
    const ctx = createContext({ seed, log: () => undefined });
    const persistDir = new PersistDir(dir, { fsync: false });
    // Folded as soon as the log is twice the snapshot; every piece of the snapshot is a slice of its own.
    const persist = attachPersistence(ctx, persistDir, keys, { generation: 0 }, { minBytes: 0, sliceMs: 0, betweenSlices: () => gate.wait });
    ctx.persist = persist;
    /** The log files as they are when a reply's head is handed to its socket (held until the turn's write by then). */
    const atReply: string[] = [];
    const server = createServer(createHandler(ctx));
    server.on('connection', (socket: Socket) => {
      const write = socket.write;
      socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
        if (String(chunk).startsWith('HTTP/')) atReply.push(logText(dir));
        return (write as (...a: unknown[]) => boolean).apply(this, [chunk, ...rest]);
      } as typeof socket.write;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => (server as Server).close(resolve)));
    cleanup.push(() => persist.close());
    const sim = { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, orgId: seed.orgs[0]!.id, esDeveloperName: seed.deployments[0]!.name } as RunningSimulator;
    return { ctx, persist, sim, atReply };
  }

  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'miaw-sim-compaction-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const logText = (dir: string) => ['changes.jsonl', 'changes.next.jsonl'].map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '')).join('');
  /** What a start on `dir` would continue from, checked as any import is; compared with the state in memory. */
  const onDisk = (dir: string) => {
    const restored = readPersisted(join(dir, 'snapshot.json'), [join(dir, 'changes.jsonl'), join(dir, 'changes.next.jsonl')])!;
    importState(restored.state, restored.source);
    return restored;
  };
  const sameState = (dir: string, ctx: SimContext) => {
    const restored = onDisk(dir);
    const live = exportState(ctx);
    expect(restored.state.conversations).toEqual(live.conversations);
    expect(restored.state.events).toEqual(live.events);
    expect(restored.state.clock).toEqual(live.clock);
    return restored;
  };

  it('serves and keeps requests while a snapshot is being written; a crash at any point of it loses nothing acknowledged', async () => {
    const dir = join(tempDir(), 'state');
    let open!: () => void;
    const gate = { wait: new Promise<void>((resolve) => (open = resolve)) };
    const { ctx, persist, sim, atReply } = await persisting(dir, gate);
    const { accessToken } = await getGuestToken(sim);
    const before: string[] = [];
    for (let i = 0; i < 6; i++) before.push(await startConversation(sim, accessToken));
    // The log outgrew twice the snapshot: a snapshot is being written (held at the gate), the next log begun.
    expect(existsSync(join(dir, 'changes.next.jsonl'))).toBe(true);
    const generationBefore = onDisk(dir).generation;

    // Requests during the compaction: each acknowledged change is on disk when its reply's head goes out.
    const during: Array<{ id: string; text: string }> = [];
    for (const [i, id] of [...before, await startConversation(sim, accessToken)].entries()) {
      const text = `sent during the compaction ${i}`;
      const sent = await sendMessage(sim, accessToken, id, text);
      expect(sent.status, show(sent)).toBe(202);
      expect(atReply.at(-1)).toContain(text);
      during.push({ id, text });
    }
    const advanced = await call(sim, 'POST', '/__sim/v1/clock/advance', { body: { ms: 60_000 } });
    expect(advanced.status, show(advanced)).toBe(200);
    expect(atReply.at(-1)).toMatch(/"clock":\{"offsetMs":6\d{4}/);

    // A crash now (the snapshot half written): the old snapshot, the old log and the next log say it all.
    const crashed = join(tempDir(), 'crashed-mid-compaction');
    cpSync(dir, crashed, { recursive: true });
    expect(sameState(crashed, ctx).generation).toBe(generationBefore);

    // The snapshot goes in; the next log becomes the log; a later change lands in it.
    open();
    await persist.idle();
    expect(existsSync(join(dir, 'changes.next.jsonl'))).toBe(false);
    const after = await sendMessage(sim, accessToken, before[0]!, 'sent after the compaction');
    expect(after.status, show(after)).toBe(202);
    const restored = sameState(dir, ctx);
    expect(restored.generation).toBeGreaterThan(generationBefore);

    // A real start on the crashed copy: every acknowledged message is served again; the half-written snapshot is cleared away.
    expect(readdirSync(crashed).some((name) => name.endsWith('.tmp'))).toBe(true);
    const again = await startSimulator({ log: () => undefined, persist: crashed });
    cleanup.push(() => again.stop());
    expect(readdirSync(crashed).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    for (const { id, text } of during) {
      const entries = await call(again, 'GET', `/iamessage/api/v2/conversation/${id}/entries?esDeveloperName=${again.esDeveloperName}`, { token: accessToken });
      expect(entries.status, show(entries)).toBe(200);
      expect(entries.text).toContain(text);
    }
    expect((await call(again, 'GET', '/__sim/v1/clock')).body.offsetMs).toBeGreaterThanOrEqual(60_000);
  }, 60_000);

  it('a reset during a background snapshot wins: the half-written one is given up, never renamed over the reset', async () => {
    const dir = join(tempDir(), 'state');
    let open!: () => void;
    const gate = { wait: new Promise<void>((resolve) => (open = resolve)) };
    const { ctx, persist, sim } = await persisting(dir, gate);
    const { accessToken } = await getGuestToken(sim);
    const gone: string[] = [];
    for (let i = 0; i < 6; i++) gone.push(await startConversation(sim, accessToken));
    expect(existsSync(join(dir, 'changes.next.jsonl'))).toBe(true);
    expect((await call(sim, 'POST', '/__sim/v1/reset')).status).toBe(200);
    const fresh = await getGuestToken(sim);
    const kept = await startConversation(sim, fresh.accessToken);
    open();
    await persist.idle();
    const restored = sameState(dir, ctx);
    const ids = restored.state.conversations.map((c) => c.id);
    expect(ids).toContain(kept);
    for (const id of gone) expect(ids).not.toContain(id);
  }, 60_000);

  it('a torn last line in the next log is left out with a warning; the lines before it are replayed in file order', async () => {
    const dir = join(tempDir(), 'state');
    let open!: () => void;
    const gate = { wait: new Promise<void>((resolve) => (open = resolve)) };
    const { sim, ctx } = await persisting(dir, gate);
    cleanup.push(() => open());
    const { accessToken } = await getGuestToken(sim);
    const id = await startConversation(sim, accessToken);
    for (let i = 0; i < 6; i++) await startConversation(sim, accessToken);
    expect(existsSync(join(dir, 'changes.next.jsonl'))).toBe(true);
    for (const text of ['first', 'second', 'third']) expect((await sendMessage(sim, accessToken, id, text)).status).toBe(202);
    const crashed = join(tempDir(), 'torn');
    cpSync(dir, crashed, { recursive: true });
    appendFileSync(join(crashed, 'changes.next.jsonl'), '{"conversations":[{"from":9,"conversation":{"id":"cut-sh');
    const restored = sameState(crashed, ctx);
    expect(restored.tornLine).toBe(true);
    const texts = restored.state.conversations.find((c) => c.id === id)!.entries.map((e) => JSON.stringify(e.payload));
    const order = ['first', 'second', 'third'].map((t) => texts.findIndex((p) => p.includes(`"text":"${t}"`)));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);

    const logs: string[] = [];
    const again = await startSimulator({ log: (line) => logs.push(line), persist: crashed });
    cleanup.push(() => again.stop());
    expect(logs.join('\n')).toMatch(/cut short by the crash/);
    expect((await call(again, 'GET', `/__sim/v1/conversations/${id}`)).text).toContain('third');
  }, 60_000);
});
