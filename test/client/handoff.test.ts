import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveSettings } from '../../client/settingsFile.ts';
import { createHandoffClient, IdentityRejectedError, TokenExchangeError, HandoffConfigError, DisconnectedError, type StepReport } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { call, recorded, show, useSim } from '../helpers/sim.ts';
import { configFor, messaging, RecordingSink, recordingSleep } from '../helpers/handoff.ts';
import { tempDir } from '../helpers/tempDir.ts';

describe('a handoff against the simulator', () => {
  const t = useSim();

  it('runs the seven steps in order and records the conversation with every routing attribute', async () => {
    const steps: StepReport[] = [];
    const client = createHandoffClient(configFor(t.sim, { routingAttributeMap: { Order_Number: 'session.fields.orderNumber' } }));
    const session = fakeSession({ channel: 'whatsapp', language: 'fr', seed: 7 });
    const handoff = messaging(await client.handoff(session, new RecordingSink(), { onStep: (r) => steps.push(r) }));
    handoff.stream.close();

    expect(steps.filter((s) => s.status === 'done').map((s) => s.step)).toEqual([
      'sign-identity-token',
      'exchange-token',
      'build-transcript',
      'extract-routing-attributes',
      'create-conversation',
      'send-transcript',
      'subscribe',
    ]);
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.subject).toBe(`v2/iamessage/AUTH/${t.sim.keyset}/uid:${session.contact.id}`);
    expect(rec.routingAttributes).toEqual({
      OpencxSessionId: session.sessionId,
      Chat_Consumer_Type: 'Authenticated',
      Origin: 'MIABOT',
      Priority: 'Low',
      Chat_language: 'fr',
      Channel: 'WhatsApp',
      Order_Number: String(session.fields?.orderNumber),
      _firstName: session.contact.name!.split(' ')[0],
      _lastName: session.contact.name!.split(' ').slice(1).join(' '),
    });
    expect(rec.endUserDisplayName).toBe(session.contact.name);
  });

  it('sends the transcript, summary first, as the first message of the conversation', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const session = fakeSession({ seed: 3 });
    const handoff = messaging(await client.handoff(session, new RecordingSink()));
    handoff.stream.close();
    const messages = (await recorded(t.sim, handoff.conversationId)).entries.filter((e: any) => e.entryType === 'Message');
    expect(messages).toHaveLength(1);
    expect(messages[0].identifier).toBe(handoff.transcriptMessageIds[0]);
    const text: string = messages[0].entryPayload.abstractMessage.staticContent.text;
    expect(text.indexOf(session.summary)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(session.summary)).toBeLessThan(text.indexOf(session.history[0]!.text));
    expect(text).toContain(session.history.at(-1)!.text);
  });

  it('marks anonymous contacts Non-Authenticated and gives them a stable generated subject', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const session = fakeSession({ authenticated: false });
    const handoff = messaging(await client.handoff(session, new RecordingSink()));
    handoff.stream.close();
    expect(handoff.subject).toBe(`anonymous-${session.sessionId}`);
    expect((await recorded(t.sim, handoff.conversationId)).routingAttributes.Chat_Consumer_Type).toBe('Non-Authenticated');
  });

  it('delivers what the rep does to the channel sink, in order, and settles when the rep ends the session', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    const rep = (path: string, body?: unknown) => call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/${path}`, { body: body ?? {} });
    expect((await rep('accept', { repName: 'Alex' })).status).toBe(200);
    expect((await rep('typing', { isTyping: true, repName: 'Alex' })).status).toBe(204);
    for (const text of ['Hi, I am Alex.', 'Let me check your order.', 'A replacement is on its way.']) {
      const r = await rep('messages', { text, repName: 'Alex' });
      expect(r.status, show(r)).toBe(201);
    }
    expect((await rep('end-session')).status).toBe(200);
    await handoff.stream.done;

    expect(sink.events.map((e) => e.type)).toEqual(['participant', 'typing', 'message', 'message', 'message', 'participant', 'session-ended']);
    expect(sink.messages()).toEqual(['Hi, I am Alex.', 'Let me check your order.', 'A replacement is on its way.']);
    expect(sink.events[0]).toMatchObject({ type: 'participant', operation: 'joined', name: 'Alex', role: 'Agent' });
    expect(sink.events.every((e) => e.conversationId === handoff.conversationId)).toBe(true);
    expect(client.activeConversations).toEqual([]);
  });

  it('passes the customer\'s later messages on and closes the conversation', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession(), sink));
    expect(await handoff.sendCustomerMessage('Are you still there?')).toEqual({ newSession: false });
    await handoff.close();
    await handoff.stream.done;
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.status).toBe('CLOSED');
    expect(rec.entries.filter((e: any) => e.entryType === 'Message').map((e: any) => e.entryPayload.abstractMessage.staticContent.text).at(-1)).toBe('Are you still there?');
    expect(sink.messages()).toEqual([]); // the customer's own messages are not echoed back to their channel
  });

  it('starts a new messaging session when the customer writes after the rep ended the last one (417)', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const sink = new RecordingSink();
    const handoff = messaging(await client.handoff(fakeSession({ language: 'de' }), sink));
    const first = handoff.stream;
    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/messages`, { body: { text: 'Anything else?' } });
    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/end-session`);
    await first.done;

    expect(await handoff.sendCustomerMessage('One more thing!')).toEqual({ newSession: true });
    expect(handoff.stream).not.toBe(first);
    const rec = await recorded(t.sim, handoff.conversationId);
    expect(rec.sessions).toHaveLength(2);
    expect(rec.sessions[1].routingAttributes).toEqual(handoff.routingAttributes);
    const journal = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path.endsWith('/message'));
    expect(journal.map((r: any) => r.status)).toEqual([202, 417, 202]);

    await call(t.sim, 'POST', `/__sim/v1/conversations/${handoff.conversationId}/messages`, { body: { text: 'Back again, how can I help?' } });
    await sink.waitFor(() => sink.messages().includes('Back again, how can I help?'));
    expect(sink.messages()).toEqual(['Anything else?', 'Back again, how can I help?']);
    await handoff.flushReceipts(); // sent now, not into the next test's simulator after its reset
    handoff.stream.close();
  });

  it('reuses the cached access token for a second handoff of the same contact', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const session = fakeSession();
    const first = messaging(await client.handoff(session, new RecordingSink()));
    const steps: StepReport[] = [];
    const second = messaging(await client.handoff({ ...session, sessionId: crypto.randomUUID() }, new RecordingSink(), { onStep: (r) => steps.push(r) }));
    first.stream.close();
    second.stream.close();
    const tokenCalls = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => r.path.endsWith('/authenticated/access-token'));
    expect(tokenCalls).toHaveLength(1);
    expect(steps.find((s) => s.step === 'exchange-token')?.detail).toMatch(/cached/);
  });
});

describe('handoff failures name the step, the cause and a fix', () => {
  const t = useSim();

  it('hands email to Email Cases: no messaging request at all, and without emailCase settings a named error saying what to add', async () => {
    const { emailCase: _emailCase, ...withoutEmailCase } = configFor(t.sim);
    const client = createHandoffClient(withoutEmailCase);
    const error = await client.handoff({ ...fakeSession(), channel: 'email' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffConfigError);
    expect((error as Error).message).toMatch(/emailCase is missing.*Hint: add emailCase \{loginUrl, consumerKey, username, privateKeyPem\}/);
    const opened = await createHandoffClient(configFor(t.sim)).handoff({ ...fakeSession(), channel: 'email' });
    expect(opened.caseNumber).toBe('00001001');
    const requests = (await call(t.sim, 'GET', '/__sim/v1/journal')).body.requests.filter((r: any) => !r.path.startsWith('/__sim/'));
    expect(requests.map((r: any) => r.path).filter((p: string) => !p.startsWith('/services/'))).toEqual([]);
  });

  it('reports an unregistered Auth Key ID as IdentityRejectedError with the hint, never retried', async () => {
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, { authKeyId: 'not-registered' }), { sleep });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityRejectedError);
    expect(error).toMatchObject({ step: 'exchange-token', status: 401 });
    expect((error as IdentityRejectedError).hint).toMatch(/Auth Key ID is not registered/);
    expect((error as Error).message).not.toMatch(/eyJ[\w-]{20,}/);
    expect(delays).toEqual([]);
  });

  it('reports an unknown deployment as TokenExchangeError 404', async () => {
    const client = createHandoffClient(configFor(t.sim, { esDeveloperName: 'No_Such_Deployment' }));
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect(error).toMatchObject({ step: 'exchange-token', status: 404 });
    expect((error as TokenExchangeError).hint).toMatch(/esDeveloperName/);
    expect((error as TokenExchangeError).hint).not.toMatch(/orgId/);
  });

  it('reports a wrong org id as TokenExchangeError 404 naming the org, not the deployment, never retried', async () => {
    const { sleep, delays } = recordingSleep();
    const client = createHandoffClient(configFor(t.sim, { orgId: '00DWRONG0000001' }), { sleep });
    const error = await client.handoff(fakeSession(), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect(error).toMatchObject({ step: 'exchange-token', status: 404 });
    expect((error as Error).message).toContain('00DWRONG0000001');
    expect((error as TokenExchangeError).hint).toMatch(/^the org id is unknown at this messaging URL: check orgId/);
    expect((error as TokenExchangeError).hint).not.toMatch(/esDeveloperName|deployment/i);
    expect(delays).toEqual([]);
  });

  it('refuses new handoffs once disconnected (settings deleted), while an active one keeps streaming', async () => {
    const client = createHandoffClient(configFor(t.sim));
    const sink = new RecordingSink();
    const active = messaging(await client.handoff(fakeSession(), sink));
    const settingsFile = join(tempDir('settings'), 'handoff.json');
    await saveSettings(settingsFile, configFor(t.sim), { passphrase: 'correct horse battery staple' });
    await client.disconnect({ settingsFile });
    expect(existsSync(settingsFile)).toBe(false);
    await expect(client.handoff(fakeSession(), new RecordingSink())).rejects.toBeInstanceOf(DisconnectedError);
    await call(t.sim, 'POST', `/__sim/v1/conversations/${active.conversationId}/messages`, { body: { text: 'still here' } });
    await sink.waitFor(() => sink.messages().includes('still here'));
    active.stream.close();
  });
});
