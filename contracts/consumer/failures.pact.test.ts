import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessTokenProvider } from '../../client/accessTokens.ts';
import { parseHandoffConfig } from '../../client/config.ts';
import { CreateConversationError, IdentityRejectedError, SendMessageError, TokenExchangeError } from '../../client/errors.ts';
import { MiawApi } from '../../client/miawApi.ts';
import { fetchTransport } from '../../client/transport.ts';
import type { StepReport } from '../../client/types.ts';
import { UNKNOWN_DEPLOYMENT, UNREGISTERED_KID } from '../contract.ts';
import { contractClient, contractConfig, noSink, SESSION } from './handoffClient.ts';
import {
  createConversation,
  createConversationUnavailable,
  CUSTOMER_TEXT,
  EXAMPLE_CONVERSATION_ID,
  identityRejected,
  messageStartingNewSession,
  messageWithoutSession,
  tokenExchange,
  transcriptMessage,
  unknownDeployment,
} from './interactions.ts';
import { mockServerWith } from './mockServer.ts';

describe('contract: the failures the handoff client handles (Pact consumer)', () => {
  it('401 at the token exchange: the identity token was refused -> IdentityRejectedError', async () => {
    await mockServerWith(identityRejected).executeTest(async (mock) => {
      const { client } = contractClient(mock.url, { authKeyId: UNREGISTERED_KID });
      const error = await client.handoff(SESSION, noSink).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdentityRejectedError);
      expect(error).toMatchObject({ step: 'exchange-token', status: 401, retryable: false });
    });
  });

  it('404 at the token exchange: the deployment does not exist -> TokenExchangeError', async () => {
    await mockServerWith(unknownDeployment).executeTest(async (mock) => {
      const { client } = contractClient(mock.url, { esDeveloperName: UNKNOWN_DEPLOYMENT });
      const error = await client.handoff(SESSION, noSink).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenExchangeError);
      expect(error).not.toBeInstanceOf(IdentityRejectedError);
      expect(error).toMatchObject({ step: 'exchange-token', status: 404, retryable: false });
      expect((error as TokenExchangeError).hint).toMatch(/esDeveloperName/);
    });
  });

  it('417 on a customer message after the session ended: the same message again with isNewMessagingSession', async () => {
    await mockServerWith(tokenExchange, createConversation, transcriptMessage, messageWithoutSession, messageStartingNewSession).executeTest(async (mock) => {
      const { client } = contractClient(mock.url);
      const handoff = await client.handoff(SESSION, noSink);
      if (handoff.kind !== 'messaging') throw new Error(`expected a conversation, got Email Case ${handoff.caseNumber}`);
      handoff.stream.close();
      // The mock server only passes when both interactions were received: the 417, then the re-send.
      await expect(handoff.sendCustomerMessage(CUSTOMER_TEXT)).resolves.toEqual({ newSession: true });
      handoff.stream.close();
    });
  });

  it('417 is a SendMessageError the client recognises (not retried as an outage)', async () => {
    await mockServerWith(tokenExchange, messageWithoutSession).executeTest(async (mock) => {
      const config = parseHandoffConfig(contractConfig(mock.url));
      const api = new MiawApi(config.messagingUrl, fetchTransport(fetch), config.requestTimeoutMs);
      const token = await new AccessTokenProvider(config, api, Date.now).get('contract-customer-1');
      const body = { esDeveloperName: config.esDeveloperName, message: { id: randomUUID(), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: CUSTOMER_TEXT } } };
      const path = `/iamessage/api/v2/conversation/${EXAMPLE_CONVERSATION_ID}/message`;
      const error = await api.request({ step: 'send-transcript', error: SendMessageError, method: 'POST', path, token: token.accessToken, body }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SendMessageError);
      expect(error).toMatchObject({ status: 417, retryable: false });
      expect((error as SendMessageError).hint).not.toBe('');
    });
  });

  it('503 while creating the conversation: retried, then CreateConversationError (retryable)', async () => {
    await mockServerWith(tokenExchange, createConversationUnavailable).executeTest(async (mock) => {
      const { client, sleeps } = contractClient(mock.url, { retry: { retries: 1, baseDelayMs: 10 } });
      const steps: StepReport[] = [];
      const error = await client.handoff(SESSION, noSink, { onStep: (s) => steps.push(s) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CreateConversationError);
      expect(error).toMatchObject({ step: 'create-conversation', status: 503, retryable: true });
      expect(sleeps).toHaveLength(1);
      expect(steps.filter((s) => s.step === 'create-conversation').map((s) => s.status)).toEqual(['started', 'retrying', 'failed']);
    });
  });
});
