import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { call, getVerifiedToken, sendMessage, show, startConversation } from '../helpers/sim.ts';

/**
 * `startSimulator({ persist })` on its own (no key pair or token secret given): a second start on
 * the same directory has the same key pair, Auth Key ID and token secret, so the first one's
 * clientConfig and access tokens go on working; and a reset is kept like any other change.
 */
describe('startSimulator({ persist })', () => {
  const running: RunningSimulator[] = [];
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.stop();
  });
  const start = async (persist: string) => {
    const sim = await startSimulator({ log: () => undefined, persist });
    running.push(sim);
    return sim;
  };
  const stop = async (sim: RunningSimulator) => {
    running.splice(running.indexOf(sim), 1);
    await sim.stop();
  };

  it('keeps the generated key pair and token secret (the same kid, tokens issued before still work) across restarts', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'miaw-sim-persist-')), 'state');
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
    const dir = join(mkdtempSync(join(tmpdir(), 'miaw-sim-persist-')), 'state');
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
