import { generateKeyPairSync } from 'node:crypto';
import type { HandoffSession } from '../../client/index.ts';
import { CONSUMER_KEY, INTEGRATION_USER } from '../contract.ts';
import { contractClient, SESSION } from './handoffClient.ts';

/** The session every Email Case consumer test hands off: SESSION, as an email conversation (fixed, so the pact never changes). */
export const EMAIL_SESSION: HandoffSession & { channel: 'email' } = {
  ...SESSION,
  channel: 'email',
  contact: { ...SESSION.contact, email: 'camille.martin@example.com' },
};

/** The key of the connected app's certificate, made for this run (never written anywhere). */
const appKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The real handoff client with Email Case settings pointed at Pact's mock server as the login URL. */
export function emailCaseClient(mockServerUrl: string, emailCase: Record<string, unknown> = {}) {
  return contractClient(mockServerUrl, { emailCase: { loginUrl: mockServerUrl, consumerKey: CONSUMER_KEY, username: INTEGRATION_USER, privateKeyPem: appKey, ...emailCase } });
}
