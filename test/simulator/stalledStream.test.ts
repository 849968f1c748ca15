import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call, getGuestToken, sendMessage, startConversation, useSim } from '../helpers/sim.ts';
import { openStream, type RawSse } from '../helpers/sse.ts';

const CAP = 64 * 1024;
const TEXT = 'x'.repeat(30_000);

/** An event stream whose client sends the request and then never reads a byte. */
function stalledStream(url: string, token: string, orgId: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.pause();
      socket.write(`GET /eventrouter/v1/sse HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nX-Org-Id: ${orgId}\r\nAccept: text/event-stream\r\n\r\n`);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

const sockets: Socket[] = [];
const streams: RawSse[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of streams.splice(0)) s.close();
});

const openStreams = async (sim: Parameters<typeof call>[0]): Promise<number> => (await call(sim, 'GET', '/__sim/v1/health')).body.openStreams;

describe('a stream whose client stopped reading (--stream-buffer-max-bytes)', () => {
  const t = useSim({ streamBufferMaxBytes: CAP });

  it('is cut once more than the cap waits for it, while a stream that reads keeps everything, and a reconnect replays with Last-Event-ID', async () => {
    const { accessToken, lastEventId } = await getGuestToken(t.sim);
    const conversationId = await startConversation(t.sim, accessToken);
    const reader = await openStream(t.sim.url, accessToken, t.sim.orgId);
    streams.push(reader);
    sockets.push(await stalledStream(t.sim.url, accessToken, t.sim.orgId));
    await expect.poll(() => openStreams(t.sim)).toBe(2);

    // The kernel's socket buffers take some megabytes first; bounded: 2,000 messages are 60 MB.
    let sent = 0;
    while ((await openStreams(t.sim)) === 2 && sent < 2000) {
      const r = await sendMessage(t.sim, accessToken, conversationId, TEXT);
      expect(r.status).toBe(202);
      sent++;
    }
    expect(await openStreams(t.sim), `still 2 open streams after ${sent} messages of 30,000 characters`).toBe(1);
    expect(t.logs.some((line) => /event stream .* was cut: its client had stopped reading .*--stream-buffer-max-bytes 65536/.test(line))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(accessToken);

    // The stream that reads is untouched and gets every message, once, in order.
    const echoed = () => reader.frames().filter((f) => f.event === 'CONVERSATION_MESSAGE').length;
    await expect.poll(echoed, { timeout: 20_000 }).toBe(sent);

    // A client that reconnects with Last-Event-ID gets what the log retains.
    const again = await openStream(t.sim.url, accessToken, t.sim.orgId, lastEventId);
    streams.push(again);
    await expect.poll(() => again.frames().filter((f) => f.event === 'CONVERSATION_MESSAGE').length, { timeout: 20_000 }).toBe(Math.min(sent, t.sim.options.replayLimit));
  });
});

describe('the default cap', () => {
  const t = useSim();

  it('is 8 MiB, and a slow reader below it keeps its stream', async () => {
    expect(t.sim.options.streamBufferMaxBytes).toBe(8 * 1024 * 1024);
    const { accessToken } = await getGuestToken(t.sim);
    const conversationId = await startConversation(t.sim, accessToken);
    sockets.push(await stalledStream(t.sim.url, accessToken, t.sim.orgId));
    await expect.poll(() => openStreams(t.sim)).toBe(1);
    for (let i = 0; i < 20; i++) expect((await sendMessage(t.sim, accessToken, conversationId, TEXT)).status).toBe(202);
    expect(await openStreams(t.sim)).toBe(1);
  });
});
