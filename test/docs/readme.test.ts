import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, getGuestToken, sendMessage, show, startConversation, useSim } from '../helpers/sim.ts';

/**
 * The README's "What the control API answers" table and the `jq` lines under it, read from the
 * README itself and checked against what a running simulator answers: a renamed field breaks this
 * test before it breaks a user's script.
 */
const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('### What the control API answers'), README.indexOf('`GET /__sim/v1/openapi.json` describes'));

/** `| \`GET /__sim/v1/journal\` | {"requests":[{"seq",...}]} |` -> method, path, and every field name the answer names. */
const rows = [...section.matchAll(/^\| `(GET|POST) (\/__sim\/v1[^` ]*)`[^|]*\| (.+) \|$/gm)].map(([, method, path, answer]) => ({
  method: method!,
  path: path!,
  answer: answer!,
  fields: [...answer!.matchAll(/"(\w+)"|`(\w+)`/g)].map((m) => (m[1] ?? m[2])!),
}));
const jqLines = [...section.matchAll(/^curl -s localhost:4242(\S+) \| jq (?:-r )?'([^']+)'$/gm)].map(([, path, expr]) => ({ path: path!, expr: expr! }));

/** Every key of every object in a JSON value. */
const keysIn = (value: unknown): Set<string> => {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, inner] of Object.entries(v)) {
        keys.add(k);
        walk(inner);
      }
  };
  walk(value);
  return keys;
};

describe('the README\'s control API shapes and jq lines', () => {
  const t = useSim();

  /** One handoff with a rep reply and one refused request, so every documented list has a member. */
  async function handoff(): Promise<string> {
    const { accessToken } = await getGuestToken(t.sim);
    const id = await startConversation(t.sim, accessToken, { Chat_language: 'en' });
    await sendMessage(t.sim, accessToken, id, 'Hello');
    const reply = await call(t.sim, 'POST', `/__sim/v1/conversations/${id}/messages`, { body: { text: 'Hi, I am Alex' } });
    expect(reply.status, show(reply)).toBe(201);
    expect((await call(t.sim, 'GET', '/iamessage/api/v2/conversation/list')).status).toBe(401);
    return id;
  }

  it('finds the table and the jq lines it promises', () => {
    expect(rows.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /__sim/v1/conversations', 'GET /__sim/v1/conversations/:id', 'POST /__sim/v1/conversations/:id/messages', 'GET /__sim/v1/journal', 'GET /__sim/v1/state']),
    );
    expect(jqLines).toHaveLength(3);
  });

  it('every field a GET row names is in what that call answers', async () => {
    const id = await handoff();
    for (const row of rows.filter((r) => r.method === 'GET')) {
      const r = await call(t.sim, 'GET', row.path.replace(':id', id));
      expect(r.status, `${row.path}: ${show(r)}`).toBe(200);
      const keys = keysIn(r.body);
      expect(row.fields.length, row.path).toBeGreaterThan(0);
      for (const field of row.fields) expect(keys.has(field), `${row.path} answers no "${field}"; it answers ${[...keys].slice(0, 40).join(', ')}`).toBe(true);
    }
  });

  it('the POST row\'s status is what the call answers', async () => {
    const id = await handoff();
    for (const row of rows.filter((r) => r.method === 'POST')) {
      const status = Number(/\b([1-5]\d\d)\b/.exec(row.answer)?.[1]);
      const r = await call(t.sim, 'POST', row.path.replace(':id', id), { body: { text: 'Anything else?' } });
      expect(r.status, show(r)).toBe(status);
    }
  });

  it('every field a jq line reads is in what its curl answers', async () => {
    const id = await handoff();
    for (const { path, expr } of jqLines) {
      const r = await call(t.sim, 'GET', path.replace('<id>', id));
      expect(r.status, `${path}: ${show(r)}`).toBe(200);
      const keys = keysIn(r.body);
      const fields = [...expr.matchAll(/\.(\w+)|[{,]\s*(\w+)/g)].map((m) => (m[1] ?? m[2])!);
      expect(fields.length, expr).toBeGreaterThan(0);
      for (const field of fields) expect(keys.has(field), `jq '${expr}' reads "${field}", which ${path} does not answer`).toBe(true);
    }
  });
});
