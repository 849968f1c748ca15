import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHandoffClient, HandoffConfigError, type HandoffSession } from '../../client/index.ts';
import { fakeSession } from '../../client/fakeSession.ts';
import { parseHandoffSession } from '../../client/sessionSchema.ts';
import { RecordingSink } from '../helpers/handoff.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const config = {
  messagingUrl: 'http://127.0.0.1:4242',
  orgId: '00DSIM000000001',
  esDeveloperName: 'Sim_Web',
  authPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  authPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  authKeyId: 'kid-1',
  issuer: 'acme',
};

/** A valid session with one change made to a copy of it. */
function broken(change: (session: any) => void): HandoffSession {
  const session = structuredClone(fakeSession({ seed: 5, turns: 4 }));
  change(session);
  return session;
}

describe('a malformed session given to handoff()', () => {
  it.each([
    ['a speaker that is none of the four', (s: any) => (s.history[2].speaker = 'robot'), 'session.history.2.speaker: must be one of customer, bot, agent, system, got "robot"'],
    ['a time that is no time', (s: any) => (s.history[1].at = 'yesterday'), 'session.history.1.at: is not a valid time, got "yesterday": give epoch milliseconds'],
    ['a turn text that is not a string', (s: any) => (s.history[0].text = 42), 'session.history.0.text: must be a string'],
    ['history that is not an array', (s: any) => (s.history = { 0: s.history[0] }), 'session.history: must be an array of turns'],
    ['no contact', (s: any) => delete s.contact, 'session.contact: must be an object'],
    ['authenticated as a string', (s: any) => (s.contact.authenticated = 'yes'), 'session.contact.authenticated: must be true or false'],
    ['a blank session id', (s: any) => (s.sessionId = '  '), 'session.sessionId: must not be blank'],
    ['an unknown channel', (s: any) => (s.channel = 'telegram'), 'session.channel: must be one of web, whatsapp, sms, phone, email, got "telegram"'],
    ['no summary', (s: any) => delete s.summary, 'session.summary: must be a string'],
    ['fields that are not an object', (s: any) => (s.fields = 'order 1'), 'session.fields: must be an object when given'],
  ])('refuses %s with a HandoffConfigError naming the field, before any request', async (_label, change, expected) => {
    const requests: string[] = [];
    const client = createHandoffClient(config, { fetch: async (input) => (requests.push(String(input)), new Response('{}')) });
    const error = await client.handoff(broken(change), new RecordingSink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffConfigError);
    expect((error as Error).message).toContain(`Invalid handoff session: ${expected}`);
    expect(error).toMatchObject({ step: 'configure', retryable: false });
    expect(requests).toEqual([]);
  });

  it('refuses something that is no session at all', async () => {
    const client = createHandoffClient(config, { fetch: async () => new Response('{}') });
    const error = await client.handoff(null as unknown as HandoffSession, new RecordingSink()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Invalid handoff session: session: must be an object');
  });
});

describe('parseHandoffSession', () => {
  it('keeps what the type allows beyond its own fields, for the routing attribute mapping', () => {
    const session = { ...fakeSession({ seed: 5 }), tier: 'gold', contact: { authenticated: false, loyaltyId: 'L-7' } };
    session.history[0]!.at = new Date('2024-05-01T14:03:00Z');
    const parsed = parseHandoffSession(session) as HandoffSession & { tier?: string };
    expect(parsed.tier).toBe('gold');
    expect(parsed.contact.loyaltyId).toBe('L-7');
    expect(parsed.history[0]!.at).toEqual(new Date('2024-05-01T14:03:00Z'));
    expect(parsed.history).toEqual(session.history);
  });
});
