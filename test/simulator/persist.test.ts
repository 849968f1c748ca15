
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../simulator/auth/keyPair.ts';
import { defaultSeed } from '../../simulator/config/seed.ts';
import { createApp } from '../../simulator/server/app.ts';
import { createContext } from '../../simulator/server/createContext.ts';
import { attachPersistence } from '../../simulator/server/persist/persistence.ts';
import { call, getVerifiedToken, restartableSims, sendMessage, show, startConversation } from '../helpers/sim.ts';
import { tempDir } from '../helpers/tempDir.ts';

/**
 * `startSimulator({ persist })` on its own (no key pair or token secret given): a second start on
 * the same directory has the same key pair, Auth Key ID and token secret, so the first one's
 * clientConfig and access tokens go on working; and a reset is kept like any other change.
 */
describe('startSimulator({ persist })', () => {
  const sims = restartableSims();
  const start = (persist: string) => sims.start({ persist });
  const { stop } = sims;

  it('keeps the generated key pair and token secret (the same kid, tokens issued before still work) across restarts', async () => {
    const dir = join(tempDir('miaw-sim-persist'), 'state');
    const first = await start(dir);
    const { accessToken } = await getVerifiedToken(first, 'kept-customer');
    const id = await startConversation(first, accessToken);
    const sent = await sendMessage(first, accessToken, id, 'kept');
    expect(sent.status, show(sent)).toBe(202);
    await stop(first);

    const second = await start(dir);
    expect(second.kid).toBe(first.kid);
    expect(second.clientConfig.authPrivateKeyPem).toBe(first.clientConfig.authPrivateKeyPem);
    // A fresh identity token signed with the kept key is accepted; the old access token still works.
    await getVerifiedToken(second, 'kept-customer');
    const entries = await call(second, 'GET', `/iamessage/api/v2/conversation/${id}/entries?esDeveloperName=${second.esDeveloperName}`, { token: accessToken });
    expect(entries.status, show(entries)).toBe(200);
    expect(entries.text).toContain('kept');

    // A restart that changed nothing goes on appending to the same log: a third start has both.
    const later = await startConversation(second, accessToken);
    await stop(second);
    const third = await start(dir);
    for (const conversationId of [id, later]) expect((await call(third, 'GET', `/__sim/v1/conversations/${conversationId}`)).status, conversationId).toBe(200);
  });

  it('keeps a reset: the conversations before it are gone after the restart, the ones after it are there', async () => {
    const dir = join(tempDir('miaw-sim-persist'), 'state');
    const first = await start(dir);
    const before = await getVerifiedToken(first, 'before-reset');
    const gone = await startConversation(first, before.accessToken);
    expect((await call(first, 'POST', '/__sim/v1/reset')).status).toBe(200);
    const after = await getVerifiedToken(first, 'after-reset');
    const kept = await startConversation(first, after.accessToken);
    await stop(first);

    const second = await start(dir);
    expect((await call(second, 'GET', `/__sim/v1/conversations/${gone}`)).status).toBe(404);
    expect((await call(second, 'GET', `/__sim/v1/conversations/${kept}`)).status).toBe(200);
    // The token secret rotated by the reset was kept: the token issued after it still works.
    const entries = await call(second, 'GET', `/iamessage/api/v2/conversation/${kept}/entries?esDeveloperName=${second.esDeveloperName}`, { token: after.accessToken });
    expect(entries.status, show(entries)).toBe(200);
  });
});

describe('persistence when the disk refuses a write', () => {
  it('drops the connection instead of answering 2xx, keeps the change, and writes it with the next flush', async () => {
    type Dir = Parameters<typeof attachPersistence>[1];

    const lines: string[] = [];
    let refuse = false;
    const dir = {
      dir: '/nowhere',
      logBytes: 0,
      writeSnapshot: () => 0,
      append: (line: string) => {
        if (refuse) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        lines.push(line);
      },
      close: () => undefined,
    } as unknown as Dir;
    const keys = await generateRsaKeyPair();
    const { seed } = await defaultSeed(keys.publicKeyPem, Date.now());
    const logs: string[] = [];
    const ctx = createContext({ seed, log: (line) => logs.push(line) });
    ctx.persist = attachPersistence(ctx, dir, keys, { generation: 0 });
    const server = createServer(createApp(ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      refuse = true;
      const advance = fetch(`${url}/__sim/v1/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 5000 }) });
      await expect(advance).rejects.toThrow();
      expect(logs.join('\n')).toMatch(/Cannot write to \/nowhere \(ENOSPC\)/);
      expect(lines.some((l) => l.includes('"clock"'))).toBe(false);

      refuse = false;
      const health = await fetch(`${url}/__sim/v1/health`);
      expect(health.status).toBe(200);
      const written = lines.map((l) => JSON.parse(l) as { clock?: { offsetMs: number } });
      expect(written.find((l) => l.clock)?.clock?.offsetMs).toBeGreaterThanOrEqual(5000);
      expect(logs.join('\n')).toMatch(/works again/);
    } finally {
      ctx.persist.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
