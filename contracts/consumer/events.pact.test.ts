import { describe, expect, it } from 'vitest';
import { toRepEvents } from '../../client/repEvents.ts';
import { STATES } from '../contract.ts';
import { EVENT_CONTRACTS, exampleIdentifier } from './events.ts';
import { EXAMPLE_CONVERSATION_ID } from './interactions.ts';
import { newPact } from './mockServer.ts';

/** The message body as the client would read it from the stream's `data:` line. */
function asSseData(content: unknown): string {
  if (Buffer.isBuffer(content)) return content.toString('utf8');
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe('contract: the event-stream payloads the handoff client consumes (Pact consumer, messages)', () => {
  it.each(EVENT_CONTRACTS)('$description', async (contract) => {
    await newPact()
      .addAsynchronousInteraction()
      .given(STATES.conversationOpen)
      .expectsToReceive(contract.description, (b) =>
        b
          .withJSONContent(contract.content)
          .withMatchingRules({ body: [{ path: '$.conversationEntry.entryPayload', rules: contract.payloadRules }] })
          .withMetadata({ event: contract.event }),
      )
      .executeTest(async (message) => {
        const event = String(message.metadata.event);
        expect(event).toBe(contract.event);
        const mapped = toRepEvents(event, asSseData(message.contents.content), EXAMPLE_CONVERSATION_ID);
        expect({ identifier: mapped?.identifier, events: mapped?.events }).toEqual({ identifier: exampleIdentifier(contract), events: contract.expected });
      });
  });
});
