import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../simulator/config/loadConfig.ts';
import { importState } from '../../simulator/server/stateFile.ts';
import { call, getGuestToken, recorded, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';
import { addRep, putRouting, V1 } from '../helpers/routing.ts';
import { tempDir } from '../helpers/tempDir.ts';

/** Catches ^(a+)+$; everything else goes to General. */
const EVIL_ROUTING = {
  queues: [{ name: 'General' }, { name: 'Evil' }],
  rules: [{ attribute: 'Topic', matches: '^(a+)+$', queue: 'Evil' }],
  defaultQueue: 'General',
};
const LOOKAHEAD_ROUTING = { ...EVIL_ROUTING, rules: [{ attribute: 'Topic', matches: '^(?!spam)', queue: 'Evil' }] };
const LOOKAHEAD_PROBLEM = 'uses a lookahead ((?=...) or (?!...)), which RE2 syntax does not have';

/**
 * Issue 14, item 4: no pattern a user sends can block the event loop. The inputs are far longer
 * than the ones that took seconds with the backtracking regexes (44 and 28 characters), so with
 * those these requests would not come back at all; nothing here measures time.
 */
describe('user patterns cannot block the event loop', () => {
  const t = useSim();
  const health = async () => {
    const r = await call(t.sim, 'GET', `${V1}/health`);
    expect(r.status, show(r)).toBe(200);
  };

  it('a fault path like /*a*a*a*a*a*a*a*a*b against a long path of a: no fault, and /health answers', async () => {
    const added = await call(t.sim, 'POST', `${V1}/faults`, { body: { match: { path: '/*a*a*a*a*a*a*a*a*b' }, action: { type: 'status', status: 503 } } });
    expect(added.status, show(added)).toBe(201);
    const miss = await call(t.sim, 'GET', `/${'a'.repeat(8_000)}`);
    expect(miss.status, show(miss)).toBe(404);
    const hit = await call(t.sim, 'GET', `/${'a'.repeat(8_000)}b`);
    expect(hit.status, show(hit)).toBe(503);
    await health();
  });

  it('a routing rule matching ^(a+)+$ on a long attribute of a and a "!": routed by the rule\'s answer, and /health answers', async () => {
    await putRouting(t.sim, EVIL_ROUTING);
    const { accessToken } = await getGuestToken(t.sim);
    const miss = await startConversation(t.sim, accessToken, { Topic: `${'a'.repeat(20_000)}!` });
    expect((await recorded(t.sim, miss)).queue).toBe('General');
    const hit = await startConversation(t.sim, accessToken, { Topic: 'a'.repeat(20_000) });
    expect((await recorded(t.sim, hit)).queue).toBe('Evil');
    await health();
  });

  it('a scripted rep waiting for (a|aa)+b (case-insensitive) ignores a long message of a, answers one ending in B, and /health answers', async () => {
    await addRep(t.sim, { name: 'Bot', queues: ['Default'], script: [{ replyWhen: { pattern: '^(a|aa)+b$', say: 'got it' } }] });
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken);
    expect((await sendMessage(t.sim, accessToken, id, 'a'.repeat(5_000))).status).toBe(202);
    await health();
    expect((await sendMessage(t.sim, accessToken, id, `${'A'.repeat(5_000)}B`)).status).toBe(202);
    await expect.poll(async () => (await recorded(t.sim, id)).entries.filter((e: any) => e.entryType === 'Message').length).toBe(3);
  });

  it('PUT /routing refuses a lookahead with 400 naming the field and saying why', async () => {
    const r = await call(t.sim, 'PUT', `${V1}/routing`, { body: LOOKAHEAD_ROUTING });
    expect(r.status, show(r)).toBe(400);
    expect(r.body).toMatchObject({ code: '400', errorCode: 'INVALID_REQUEST' });
    expect(r.body.message).toContain(`rules.0.matches: ${LOOKAHEAD_PROBLEM}`);
    expect((await call(t.sim, 'GET', `${V1}/routing`)).body.defaultQueue).toBe('Default');
  });

  it('POST /reps refuses a backreference in replyWhen with 400 naming the field', async () => {
    const r = await call(t.sim, 'POST', `${V1}/reps`, { body: { name: 'Bot', queues: ['Default'], script: [{ replyWhen: { pattern: '(o)\\1', say: 'ok' } }] } });
    expect(r.status, show(r)).toBe(400);
    expect(r.body.message).toContain('script.0.replyWhen.pattern: uses a backreference (\\1 or \\k<name>), which RE2 syntax does not have');
  });

  it('a config file and an --import file with a lookahead are refused with the same message', async () => {
    const file = join(tempDir('miaw-patterns'), 'miaw-sim.config.json');
    writeFileSync(file, JSON.stringify({ routing: LOOKAHEAD_ROUTING }));
    await expect(loadConfig(file, { orgs: [], deployments: [], keysets: [] }, 0)).rejects.toThrow(`Invalid config ${file}: routing.rules.0.matches: ${LOOKAHEAD_PROBLEM}`);

    const state = (await call(t.sim, 'GET', `${V1}/state`)).body;
    expect(() => importState(state, 'state.json')).not.toThrow();
    state.routing.config = LOOKAHEAD_ROUTING;
    expect(() => importState(state, 'state.json')).toThrow(`Cannot import state.json: routing.config.rules.0.matches: ${LOOKAHEAD_PROBLEM}`);
  });
});
