import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveMessagingUrl, HandoffConfigError, parseHandoffConfig } from '../../client/index.ts';

const pair = (bits = 2048) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(), priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
const keys = pair();
const other = pair();
const small = pair(1024);
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const valid = {
  instanceUrl: 'https://acme.my.salesforce.com',
  orgId: '00DSIM000000001',
  esDeveloperName: 'Sim_Web',
  authPublicKeyPem: keys.pub,
  authPrivateKeyPem: keys.priv,
  authKeyId: 'kid-1',
  issuer: 'acme',
};

/** The error a configuration gets, asserting it never repeats private key material. */
function errorFor(config: Record<string, unknown>): HandoffConfigError {
  try {
    parseHandoffConfig(config);
  } catch (err) {
    expect(err).toBeInstanceOf(HandoffConfigError);
    const text = `${(err as Error).message} ${(err as HandoffConfigError).hint}`;
    for (const pem of [keys.priv, other.priv, small.priv]) expect(text).not.toContain(pem.split('\n')[1]);
    return err as HandoffConfigError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('handoff configuration', () => {
  it('derives the messaging URL from the My Domain URL, sandboxes included', () => {
    expect(parseHandoffConfig(valid).messagingUrl).toBe('https://acme.my.salesforce-scrt.com');
    expect(deriveMessagingUrl('https://acme--uat.sandbox.my.salesforce.com')).toBe('https://acme--uat.sandbox.my.salesforce-scrt.com');
    expect(deriveMessagingUrl('https://example.com')).toBeUndefined();
  });

  it('takes an explicit messaging URL, http only on loopback', () => {
    expect(parseHandoffConfig({ ...valid, instanceUrl: undefined, messagingUrl: 'http://127.0.0.1:4242/' }).messagingUrl).toBe('http://127.0.0.1:4242');
    expect(errorFor({ ...valid, instanceUrl: undefined, messagingUrl: 'http://sim.example.com' }).message).toMatch(/messagingUrl must be an https:\/\/ URL/);
  });

  it('says which scheme a URL without one needs, https unless it is loopback', () => {
    const noScheme = (change: Record<string, unknown>) => errorFor({ ...valid, instanceUrl: undefined, ...change }).message;
    expect(noScheme({ messagingUrl: '127.0.0.1:4242' })).toContain('messagingUrl has no scheme: use http://127.0.0.1:4242');
    expect(noScheme({ messagingUrl: 'localhost:4242' })).toContain('messagingUrl has no scheme: use http://localhost:4242');
    expect(noScheme({ messagingUrl: 'acme.my.salesforce-scrt.com' })).toContain('messagingUrl has no scheme: use https://acme.my.salesforce-scrt.com');
    expect(noScheme({ instanceUrl: 'acme.my.salesforce.com' })).toContain('instanceUrl has no scheme: use https://acme.my.salesforce.com');
    expect(noScheme({ messagingUrl: 'user:secret@sim.example.com' })).not.toContain('secret');
    expect(noScheme({ messagingUrl: 'http://127.0.0.1:99999' })).toContain('messagingUrl is not a valid URL: check the host name and the port');
  });

  it('fills in the retry and transcript defaults', () => {
    const c = parseHandoffConfig(valid);
    expect(c.retry).toEqual({ retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 });
    expect(c.transcript).toEqual({ maxChars: 10_000, overflow: 'split' });
    expect(c.streamIdleTimeoutMs).toBe(55_000); // a little over two of Salesforce's ~25 s pings
    expect(parseHandoffConfig({ ...valid, streamIdleTimeoutMs: 90_000 }).streamIdleTimeoutMs).toBe(90_000);
  });

  it.each([
    ['no URL', { instanceUrl: undefined }, /instanceUrl give instanceUrl/],
    ['a non-My-Domain instance URL', { instanceUrl: 'https://example.com' }, /instanceUrl is not a My Domain URL/],
    ['a malformed org id', { orgId: '001SIM000000001' }, /orgId must be a 15- or 18-character org id/],
    ['a short org id', { orgId: '00D123' }, /orgId/],
    ['a bad deployment name', { esDeveloperName: 'my deployment' }, /esDeveloperName/],
    ['a private key that does not match the public key', { authPrivateKeyPem: other.priv }, /authPrivateKeyPem does not match authPublicKeyPem/],
    ['an RSA key under 2048 bits', { authPublicKeyPem: small.pub, authPrivateKeyPem: small.priv }, /1024 bits; at least 2048/],
    ['a non-RSA key', { authPublicKeyPem: ec.publicKey.export({ type: 'spki', format: 'pem' }), authPrivateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) }, /must be an RSA key/],
    ['the private key in the public key field', { authPublicKeyPem: keys.priv }, /authPublicKeyPem holds a private key/],
    ['garbage instead of a private key', { authPrivateKeyPem: 'not a key' }, /authPrivateKeyPem is not a PEM private key/],
    ['no Auth Key ID', { authKeyId: '' }, /authKeyId is required/],
    ['a read-idle time under 100 ms', { streamIdleTimeoutMs: 50 }, /streamIdleTimeoutMs .*100/],
    ['a read-idle time over an hour (a timer that long would fire at once)', { streamIdleTimeoutMs: 2 ** 31 }, /streamIdleTimeoutMs must be at most 3600000 \(an hour\)/],
    ['a read-idle time that is not a number', { streamIdleTimeoutMs: '55s' }, /streamIdleTimeoutMs/],
  ])('refuses %s, naming the field', (_label, change, pattern) => {
    expect(errorFor({ ...valid, ...change }).message).toMatch(pattern);
  });
});
