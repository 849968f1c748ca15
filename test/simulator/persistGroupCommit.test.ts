import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { defaultSeed } from '../../simulator/config/seed.ts';
import type { RunningSimulator } from '../../simulator/index.ts';
import { createHandler } from '../../simulator/server/app.ts';
import { createContext } from '../../simulator/server/createContext.ts';
import { listen } from '../../simulator/server/listen.ts';
import { PersistDir } from '../../simulator/server/persist/persistDir.ts';
import { attachPersistence } from '../../simulator/server/persist/persistence.ts';
import { readPersisted } from '../../simulator/server/persist/readPersisted.ts';
import { getGuestToken, startConversation, textMessage } from '../helpers/sim.ts';
import { openStream } from '../helpers/sse.ts';

/**
 * `--persist` writes the changes of one turn of the event loop together (group commit), and holds
 * what a client would see of them (replies, event-stream frames) until that write is done: fewer
 * writes than requests, nothing seen before it is on disk, nothing answered when the write fails.
 */
describe('--persist: group commit', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A persisting simulator served as `miaw-sim start` serves it, its log appends counted (and refused on demand), every socket write seen with the log as it was then. */
  async function persisting() {
    const dir = mkdtempSync(join(tmpdir(), 'miaw-sim-group-commit-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const keys = await generateRsaKeyPair();
    const { seed } = await defaultSeed(keys.publicKeyPem, Date.now());
    const logs: string[] = [];
    const ctx = createContext({ seed, log: (line) => logs.push(line) });
    const persistDir = new PersistDir(dir, { fsync: false });
    const disk = { appends: 0, refuse: false };
    const append = persistDir.append.bind(persistDir);
    persistDir.append = (line) => {
      if (disk.refuse) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      disk.appends++;
      append(line);
    };
    ctx.persist = attachPersistence(ctx, persistDir, keys, { generation: 0 });
    const listening = await listen(createHandler(ctx), ctx, '127.0.0.1', 0);
    cleanup.push(() => ctx.persist?.close());
    cleanup.push(() => listening.close());
    const log = () => readFileSync(join(dir, 'changes.jsonl'), 'utf8');
    /** What the server handed each connection's socket (by the client's port), with the log as it was at that moment. */
    const writes: Array<{ clientPort: number; chunk: string; log: string }> = [];
    const connections = { accepted: 0 };
    listening.server.on('connection', (socket: Socket) => {
      connections.accepted++;
      const write = socket.write;
      socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
        writes.push({ clientPort: this.remotePort!, chunk: String(chunk), log: log() });
        return (write as (...a: unknown[]) => boolean).apply(this, [chunk, ...rest]);
      } as typeof socket.write;
    });
    const sim = { url: listening.url, orgId: seed.orgs[0]!.id, esDeveloperName: seed.deployments[0]!.name } as RunningSimulator;
    return { dir, sim, port: listening.port, disk, log, logs, writes, connections };
  }

  /**
   * One POST of a message per connection, all written in one turn of this process once the server
   * has taken every connection (it takes one a turn), so the server reads them in one turn too; each
   * raw answer, '' for a dropped connection.
   */
  async function messagesInOneTurn(server: { port: number; connections: { accepted: number } }, token: string, conversationId: string, texts: string[], esDeveloperName: string) {
    const { port, connections } = server;
    const accepted = connections.accepted + texts.length;
    const sockets = await Promise.all(
      texts.map(
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket));
            socket.on('error', reject);
          }),
      ),
    );
    while (connections.accepted < accepted) await new Promise((resolve) => setImmediate(resolve));
    const answers = sockets.map(
      (socket) =>
        new Promise<string>((resolve) => {
          let text = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk: string) => (text += chunk));
          socket.on('error', () => undefined);
          socket.on('close', () => resolve(text));
        }),
    );
    sockets.forEach((socket, i) => {
      const body = JSON.stringify({ esDeveloperName, message: textMessage(texts[i]!) });
      socket.write(
        `POST /iamessage/api/v2/conversation/${conversationId}/message HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    return Promise.all(answers.map(async (answer, i) => ({ clientPort: sockets[i]!.localPort!, text: texts[i]!, answer: await answer })));
  }

  it('writes the changes of many requests in one turn with fewer writes than requests, and nothing is seen before it is on disk', async () => {
    const server = await persisting();
    const { sim, disk, log, writes } = server;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const stream = await openStream(sim.url, accessToken, sim.orgId);
    cleanup.push(() => stream.close());
    const texts = Array.from({ length: 24 }, (_, i) => `group commit ${i} ${crypto.randomUUID()}`);

    const before = disk.appends;
    const sent = await messagesInOneTurn(server, accessToken, conversationId, texts, sim.esDeveloperName);
    const appends = disk.appends - before;
    for (const { answer } of sent) expect(answer).toMatch(/^HTTP\/1\.1 202 /);
    expect(appends, `${appends} writes for ${texts.length} requests`).toBeLessThan(texts.length);
    // The stream saw every message too.
    await stream.waitFor((frames) => texts.every((text) => frames.some((f) => f.data.includes(text))));

    // (b) Each reply's first byte, and each stream frame naming a message, left only once the log held that message.
    for (const { clientPort, text } of sent) {
      const reply = writes.find((w) => w.clientPort === clientPort && w.chunk.startsWith('HTTP/'));
      expect(reply, `the reply to "${text}" was written`).toBeDefined();
      expect(reply!.log, `the log when the reply to "${text}" left`).toContain(text);
    }
    for (const text of texts) {
      const frames = writes.filter((w) => !w.chunk.startsWith('HTTP/') && w.chunk.includes(text));
      expect(frames.length, `a frame carried "${text}"`).toBeGreaterThan(0);
      for (const frame of frames) expect(frame.log, `the log when the frame with "${text}" left`).toContain(text);
    }
    expect(log()).toContain(texts.at(-1));
  });

  it('when the write fails, drops the held replies and event streams instead of answering; what is stored stays whole and the change is written once the disk takes it', async () => {
    const server = await persisting();
    const { dir, sim, disk, log, logs } = server;
    const { accessToken } = await getGuestToken(sim);
    const conversationId = await startConversation(sim, accessToken);
    const stream = await openStream(sim.url, accessToken, sim.orgId);
    cleanup.push(() => stream.close());
    const text = `refused ${crypto.randomUUID()}`;

    disk.refuse = true;
    const [sent] = await messagesInOneTurn(server, accessToken, conversationId, [text], sim.esDeveloperName);
    expect(sent!.answer, 'the reply to a change the disk refused').toBe('');
    await stream.waitForEnd();
    expect(stream.raw).not.toContain(text);
    expect(logs.join('\n')).toMatch(/Cannot write to .* \(ENOSPC\)/);
    expect(log()).not.toContain(text);

    disk.refuse = false;
    const health = await fetch(`${sim.url}/__sim/v1/health`);
    expect(health.status).toBe(200);
    expect(log()).toContain(text);
    // Every line whole, and the directory reads back as a start would read it.
    for (const line of log().split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const restored = readPersisted(join(dir, 'snapshot.json'), [join(dir, 'changes.jsonl')]);
    expect(JSON.stringify(restored?.state.conversations)).toContain(text);
  });
});
