import type { MessageFromProviderWithMetadata, MessageProviders } from '@pact-foundation/pact';
import type { RunningSimulator } from '../../simulator/index.ts';
import type { ContractSession } from './contractSession.ts';

/**
 * The event-stream messages, produced by the simulator itself: a rep acts through the control API
 * on the conversation the `conversation C is open` state created, and the message is the `data` the
 * simulator stored for its event stream (`toSseData`, the serializer every SSE subscriber gets),
 * byte for byte (as `GET /__sim/v1/state` carries it), with the SSE event name as metadata. Nothing here is a hand-written copy.
 */
export function simMessageProviders(sim: RunningSimulator, session: ContractSession): MessageProviders {
  const rep = (action: string, body: unknown = {}) => session.call('POST', `/__sim/v1/conversations/${session.requireConversation()}/${action}`, body);

  /** The customer writes (through MIAW, with the session's access token); answers the message id. */
  const customerWrites = async () => {
    const id = crypto.randomUUID();
    const message = { id, messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Where is my order?' } };
    await session.call('POST', `/iamessage/api/v2/conversation/${session.requireConversation()}/message`, { message, esDeveloperName: sim.esDeveloperName }, await session.accessToken());
    return id;
  };

  /** Run `act`, then take the newest stored event named `event` for the conversation. */
  const produce =
    (event: string, act: () => Promise<unknown>) =>
    async (): Promise<MessageFromProviderWithMetadata> => {
      const conversationId = session.requireConversation();
      await act();
      // What the simulator stored for its event stream, read through the control API's state export.
      const state = (await (await fetch(`${sim.controlUrl}/state`)).json()) as { events: { events: Array<{ conversationId: string; event: string; data: string }> } };
      const stored = state.events.events.filter((e) => e.conversationId === conversationId && e.event === event).at(-1);
      if (!stored) throw new Error(`[contracts] the simulator stored no ${event} event for conversation ${conversationId}`);
      return { __pactMessageMetadata: { contentType: 'application/json', event: stored.event }, message: stored.data };
    };

  return {
    'a CONVERSATION_ROUTING_RESULT event when the conversation is routed': produce('CONVERSATION_ROUTING_RESULT', async () => {}),
    'a CONVERSATION_PARTICIPANT_CHANGED event when a rep joins': produce('CONVERSATION_PARTICIPANT_CHANGED', () => rep('accept')),
    'a CONVERSATION_MESSAGE event with what the rep said': produce('CONVERSATION_MESSAGE', () => rep('messages', { text: 'Hi, I am Sam from support' })),
    'a CONVERSATION_TYPING_STARTED_INDICATOR event when the rep types': produce('CONVERSATION_TYPING_STARTED_INDICATOR', () => rep('typing', { isTyping: true })),
    'a CONVERSATION_PARTICIPANT_CHANGED event when the rep leaves': produce('CONVERSATION_PARTICIPANT_CHANGED', async () => {
      await rep('accept');
      await rep('end-session');
    }),
    'a CONVERSATION_SESSION_STATUS_CHANGED event when the rep ends the session': produce('CONVERSATION_SESSION_STATUS_CHANGED', () => rep('end-session')),
    'a CONVERSATION_MESSAGE event with a ChoicesMessage (Buttons) from the rep': produce('CONVERSATION_MESSAGE', () =>
      rep('messages', { message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ titleItem: { title: 'Order' } }] } } }),
    ),
    "a CONVERSATION_DELIVERY_ACKNOWLEDGEMENT event when the rep side receives the customer's message": produce('CONVERSATION_DELIVERY_ACKNOWLEDGEMENT', async () => rep('acknowledge-entries', { acks: [{ entryType: 'Delivery', conversationEntryId: await customerWrites() }] })),
    "a CONVERSATION_READ_ACKNOWLEDGEMENT event when the rep reads the customer's message": produce('CONVERSATION_READ_ACKNOWLEDGEMENT', async () => rep('acknowledge-entries', { acks: [{ entryType: 'Read', conversationEntryId: await customerWrites() }] })),
    'a CONVERSATION_PROGRESS_INDICATOR event while an AI agent works': produce('CONVERSATION_PROGRESS_INDICATOR', () => rep('events', { event: { type: 'progress', text: 'Looking up your order' } })),
    'a CONVERSATION_STREAMING_TOKEN event with the first token of a streamed reply': produce('CONVERSATION_STREAMING_TOKEN', () => rep('events', { event: { type: 'streaming-tokens', tokens: ['Your order '] } })),
    'a CONVERSATION_STREAMING_TOKEN event with the validation signal that withdraws a streamed reply': produce('CONVERSATION_STREAMING_TOKEN', () =>
      rep('events', { event: { type: 'streaming-token-validation', targetMessageId: crypto.randomUUID() } }),
    ),
  };
}
