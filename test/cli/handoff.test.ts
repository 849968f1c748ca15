import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataDir } from '../../cli/dataDir.ts';
import { handoffCommand } from '../../cli/handoffCommand.ts';
import { expectNoPrivateKey, memoryOutput, startSimCli, tmp, useCli } from '../helpers/cli.ts';
import { configFor } from '../helpers/handoff.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';

/** These tests start the CLI as child processes (TypeScript compiled at start): slow on a loaded 2-core CI machine. */
const SPAWNS_PROCESSES = { timeout: 90_000 };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('miaw-sim handoff (the binary, against `miaw-sim start`)', SPAWNS_PROCESSES, () => {
  const { spawnCli, runCli } = useCli();

  it('hands off with --sim, prints each step and the conversation id, streams the rep reply, and exits 0 when the session ends', async () => {
    const dataDir = join(tmp(), 'data');
    const { info, run: sim } = await startSimCli(spawnCli, dataDir);
    const handoff = spawnCli(['handoff', '--sim', info.messagingUrl, '--data-dir', dataDir, '--channel', 'sms', '--language', 'de', '--seed', '5']);
    const [, conversationId] = await handoff.waitFor(new RegExp(`Conversation (${UUID}) handed off`));
    for (const step of ['sign-identity-token', 'exchange-token', 'build-transcript', 'extract-routing-attributes', 'create-conversation', 'send-transcript', 'subscribe']) {
      expect(handoff.stdout()).toMatch(new RegExp(`✔ \\d/7 ${step}`));
    }

    const base = `${info.messagingUrl}/__sim/v1/conversations/${conversationId}`;
    const post = (path: string, body?: unknown) => fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    expect((await post('messages', { text: 'Hi, I am Alex. Let me look at your order.', repName: 'Alex' })).status).toBe(201);
    await handoff.waitFor(/^\[rep Alex\] Hi, I am Alex\. Let me look at your order\.$/m);
    const rec = await (await fetch(base)).json();
    expect(rec.routingAttributes).toMatchObject({ Channel: 'SMS', Chat_language: 'de', Origin: 'MIABOT' });

    expect((await post('end-session')).status).toBe(200);
    expect(await handoff.exited).toBe(0);
    expect(handoff.stdout()).toContain('[session ended]');

    // --channel email with --sim: the default connected app (certified with the data dir's key pair) opens an Email Case.
    const email = await runCli(['handoff', '--sim', info.messagingUrl, '--data-dir', dataDir, '--channel', 'email', '--json', '--seed', '5']);
    expect(email.code, email.stderr).toBe(0);
    const cases = (await (await fetch(`${info.messagingUrl}/__sim/v1/cases`)).json()).cases;
    expect(cases).toHaveLength(1);
    expect(JSON.parse(email.stdout.trim().split('\n').at(-1)!)).toMatchObject({ kind: 'email-case', caseNumber: cases[0].caseNumber, created: true });
    expectNoPrivateKey(handoff.output() + sim.output() + email.stdout + email.stderr, [readFileSync(info.privateKeyFile, 'utf8')]);
  });

  it('prints an invalid configuration as one line and exits 1', async () => {
    const data = await openDataDir(join(tmp(), 'data')); // what `miaw-sim start` leaves; nothing needs to listen
    const { code, stdout, stderr } = await runCli(['handoff', '--sim', 'http://127.0.0.1:4242', '--data-dir', data.dir, '--org-id', '001NOTANORG']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^\[miaw-handoff\] Invalid handoff configuration: orgId must be .*Hint: /)]);
    expectNoPrivateKey(stdout + stderr, [readFileSync(data.privateKeyFile, 'utf8')]);
  });
});

describe('handoffCommand (in-process, against startSimulator)', () => {
  const t = useSim();

  it('--json prints one JSON object per step and event, then the end', async () => {
    const io = memoryOutput();
    const exit = handoffCommand({ config: configFor(t.sim), json: true, channel: 'whatsapp', seed: 1 }, io);
    const [line] = await io.waitFor(/^\{"kind":"handoff".*$/m);
    const { conversationId } = JSON.parse(line);
    const r = await call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/messages`, { body: { text: 'Hello from the rep', repName: 'Sam' } });
    expect(r.status, show(r)).toBe(201);
    await io.waitFor(/Hello from the rep/);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/end-session`, { body: {} });
    expect(await exit).toBe(0);

    const lines = io.outLines.map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.kind === 'step' && l.status === 'done')).toHaveLength(7);
    expect(lines.find((l) => l.kind === 'event' && l.type === 'message')).toMatchObject({ text: 'Hello from the rep', senderName: 'Sam', conversationId });
    expect(lines.at(-1)).toEqual({ kind: 'end', conversationId, reason: 'session-ended' });
    expect(io.errLines).toEqual([]);
    expect((await recorded(t.sim, conversationId)).routingAttributes.Channel).toBe('WhatsApp');
    expectNoPrivateKey(io.text(), [t.sim.privateKeyPem]);
  });

  it('prints the Email Case and exits 0 when the settings send the session to one (outside office hours), with nothing to follow', async () => {
    // No weekly hours at all: always outside them.
    const settings = { officeHours: { timeZone: 'Europe/Paris', weekly: {}, outsideHours: 'email-case' } };
    const io = memoryOutput();
    expect(await handoffCommand({ config: configFor(t.sim, { settings }), json: true, seed: 2 }, io)).toBe(0);
    const lines = io.outLines.map((l) => JSON.parse(l));
    const [cases] = [(await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases];
    expect(cases).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ kind: 'email-case', caseId: cases[0].id, caseNumber: cases[0].caseNumber, created: true });
    expect(lines.filter((l) => l.kind === 'step' && l.status === 'done').map((l) => l.step)).toContain('read-case');
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toEqual([]);

    const text = memoryOutput();
    expect(await handoffCommand({ config: configFor(t.sim, { settings }), seed: 2 }, text)).toBe(0);
    const [, caseNumber, caseId] = /Email Case (\d{8}) \((500\w{15})\) opened with the transcript/.exec(text.text()) ?? [];
    expect(caseNumber).toBe('00001002');
    expect(text.text()).toContain(`/__sim/v1/cases/${caseId}/replies`);
    expectNoPrivateKey(io.text() + text.text(), [t.sim.privateKeyPem]);
  });

  it('--seed: the customer it prints is the display name Salesforce records and the rep sees', async () => {
    const io = memoryOutput();
    const exit = handoffCommand({ config: configFor(t.sim), seed: 1 }, io);
    const [, name] = await io.waitFor(/^\[miaw-sim\] Handing off (.+)'s web session/m);
    const [, conversationId] = await io.waitFor(new RegExp(`Conversation (${UUID}) handed off`));
    const rec = await recorded(t.sim, conversationId!);
    expect(rec.subject).toMatch(/uid:contact-/);
    expect(rec.endUserDisplayName).toBe(name);
    expect(rec.entries.find((e: any) => e.entryType === 'Message').senderDisplayName).toBe(name);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/end-session`, { body: {} });
    expect(await exit).toBe(0);
  });

  it('exits 1 on a handoff error, printing its message with the hint', async () => {
    const io = memoryOutput();
    expect(await handoffCommand({ config: configFor(t.sim, { authKeyId: 'not-registered' }) }, io)).toBe(1);
    expect(io.outLines.join('\n')).toMatch(/✘ 2\/7 exchange-token/);
    expect(io.errLines).toHaveLength(1);
    expect(io.errLines[0]).toMatch(/^\[miaw-handoff\] Salesforce rejected the customer identity token \(HTTP 401\).*Hint: the Auth Key ID is not registered/);
    expectNoPrivateKey(io.text(), [t.sim.privateKeyPem]);
  });

  it('--channel email opens an Email Case and prints it; without an emailCase configuration it names what is missing', async () => {
    const io = memoryOutput();
    expect(await handoffCommand({ config: configFor(t.sim), channel: 'email', json: true, seed: 3 }, io)).toBe(0);
    const cases = (await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases;
    expect(cases).toHaveLength(1);
    expect(io.outLines.map((l) => JSON.parse(l)).at(-1)).toMatchObject({ kind: 'email-case', caseId: cases[0].id, caseNumber: cases[0].caseNumber, created: true });
    expect((await call(t.sim, 'GET', '/__sim/v1/conversations')).body.conversations).toEqual([]);
    expect(io.errLines).toEqual([]);

    const { emailCase: _none, ...withoutEmail } = configFor(t.sim);
    const refused = memoryOutput();
    expect(await handoffCommand({ config: withoutEmail, channel: 'email' }, refused)).toBe(1);
    expect(refused.errLines.join('\n')).toMatch(/emailCase/);
    expect((await call(t.sim, 'GET', '/__sim/v1/cases')).body.cases).toHaveLength(1);
    expectNoPrivateKey(io.text() + refused.text(), [t.sim.privateKeyPem]);
  });

  it('refuses bad --channel / --seed values', async () => {
    const io = memoryOutput();
    expect(await handoffCommand({ config: configFor(t.sim), channel: 'fax' }, io)).toBe(1);
    expect(io.errLines[0]).toBe('[miaw-sim] --channel must be one of web, whatsapp, sms, phone, email, got "fax".');
    expect(await handoffCommand({ config: configFor(t.sim), seed: 'x' }, io)).toBe(1);
    expect(io.errLines[1]).toContain('--seed must be a whole number');
  });

  it('stops following the conversation on Ctrl+C (abort) and exits 130, leaving it open', async () => {
    const io = memoryOutput();
    const controller = new AbortController();
    const exit = handoffCommand({ config: configFor(t.sim), signal: controller.signal }, io);
    const [, conversationId] = await io.waitFor(new RegExp(`Conversation (${UUID}) handed off`));
    controller.abort();
    expect(await exit).toBe(130);
    expect(io.outLines.at(-1)).toContain(`Stopped following conversation ${conversationId}`);
    expect((await recorded(t.sim, conversationId!)).status).not.toBe('Closed');
  });
});
