import { describe, expect, it } from 'vitest';
import { AccessTokenProvider } from '../../client/accessTokens.ts';
import { parseHandoffConfig } from '../../client/config.ts';
import { SendMessageError } from '../../client/errors.ts';
import { MiawApi } from '../../client/miawApi.ts';
import { fetchTransport } from '../../client/transport.ts';
import type { StepReport } from '../../client/types.ts';
import { contractClient, contractConfig, noSink, SESSION } from './handoffClient.ts';
import { closeConversation, createConversation, EXAMPLE_CONVERSATION_ID, listEntries, tokenExchange, transcriptMessage, typingStarted } from './interactions.ts';
import { mockServerWith } from './mockServer.ts';

describe('contract: the handoff client hands a conversation over (Pact consumer)', () => {
  it('exchanges the identity token, creates the conversation with its routing attributes, sends the transcript and closes', async () => {
    await mockServerWith(tokenExchange, createConversation, transcriptMessage, closeConversation).executeTest(async (mock) => {
      const { client } = contractClient(mock.url);
      const steps: StepReport[] = [];
      const handoff = await client.handoff(SESSION, noSink, { onStep: (s) => steps.push(s) });
      if (handoff.kind !== 'messaging') throw new Error(`expected a conversation, got Email Case ${handoff.caseNumber}`);
      handoff.stream.close();

      expect(handoff.conversationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(handoff.routingAttributes).toMatchObject({ Origin: 'MIABOT', Chat_Consumer_Type: 'Authenticated', OpencxSessionId: SESSION.sessionId });
      expect(handoff.transcriptMessageIds).toHaveLength(1);
      expect(steps.filter((s) => s.status === 'failed')).toEqual([]);

      await handoff.close();
      await expect(handoff.stream.done).resolves.toBeUndefined();
    });
  });

  it('sends a typing indicator with the client transport (MiawApi) and takes its 200 as success', async () => {
    await mockServerWith(tokenExchange, typingStarted).executeTest(async (mock) => {
      const config = parseHandoffConfig(contractConfig(mock.url));
      const api = new MiawApi(config.messagingUrl, fetchTransport(fetch), config.requestTimeoutMs);
      const token = await new AccessTokenProvider(config, api, Date.now).get('contract-customer-1');
      const { status } = await api.request({
        step: 'send-transcript',
        error: SendMessageError,
        method: 'POST',
        path: `/iamessage/api/v2/conversation/${EXAMPLE_CONVERSATION_ID}/entry`,
        token: token.accessToken,
        body: { entryType: 'TypingStartedIndicator', id: crypto.randomUUID() },
      });
      expect(status).toBe(200);
    });
  });

  it('lists the conversation entries with the client transport (MiawApi) and a token from its token provider', async () => {
    await mockServerWith(tokenExchange, listEntries).executeTest(async (mock) => {
      const config = parseHandoffConfig(contractConfig(mock.url));
      const api = new MiawApi(config.messagingUrl, fetchTransport(fetch), config.requestTimeoutMs);
      const token = await new AccessTokenProvider(config, api, Date.now).get('contract-customer-1');
      const { status, body } = await api.request<{ conversationEntries: Array<{ transcriptedTimestamp: number }> }>({
        step: 'send-transcript',
        error: SendMessageError,
        method: 'GET',
        path: `/iamessage/api/v2/conversation/${EXAMPLE_CONVERSATION_ID}/entries`,
        token: token.accessToken,
      });
      expect(status).toBe(200);
      expect(body.conversationEntries.length).toBeGreaterThan(0);
      expect(Number.isInteger(body.conversationEntries[0]!.transcriptedTimestamp)).toBe(true);
    });
  });
});
