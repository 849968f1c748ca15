import { MatchersV3, type V3RegexMatcher } from '@pact-foundation/pact';
import { buildTranscript } from '../../client/transcript.ts';
import { DEPLOYMENT, KID, STATES, UNKNOWN_DEPLOYMENT, UNREGISTERED_KID, keyParams } from '../contract.ts';
import { ISSUER, ORG_ID, SESSION } from './handoffClient.ts';
import { bearer, conversationPath, exampleJwt, jwt, lowerUuid, orgId } from './matchers.ts';
import { defineInteraction } from './mockServer.ts';

const { integer, like, regex, eachLike } = MatchersV3;

/**
 * The HTTP interactions the handoff client has with Salesforce, each defined once, so every test
 * that needs one declares it identically (Pact merges them into one interaction per description).
 */

export const EXAMPLE_CONVERSATION_ID = '3c8a4e2f-6b7d-4f1e-9a2b-5d6c7e8f9a0b';
const EXAMPLE_MESSAGE_ID = '9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const EXAMPLE_SUBJECT = 'v2/iamessage/AUTH/Sim_Keyset/uid:contract-customer-1';
const EXAMPLE_ACCESS_TOKEN = exampleJwt({ alg: 'HS256', typ: 'JWT' }, { iss: 'iamessage', sub: EXAMPLE_SUBJECT, exp: 4102444800 });
const identityToken = (kid: string) => exampleJwt({ alg: 'RS256', kid, typ: 'JWT' }, { iss: ISSUER, sub: 'contract-customer-1', iat: 1767225600, exp: 1767225900 });

/** The opening transcript the client builds for SESSION (the example; any transcript text matches). */
const TRANSCRIPT = buildTranscript(SESSION, { maxChars: 10_000, overflow: 'split' })[0]!;
export const CUSTOMER_TEXT = 'Are you still there?';

/** A lower-case UUID the client generates: Pact generates a fresh one when it replays the request. */
const freshUuid = (example: string): V3RegexMatcher => ({ ...lowerUuid(example), 'pact:generator:type': 'Uuid', format: 'lower-case-hyphenated' } as V3RegexMatcher);
const authorized = { Authorization: bearer(EXAMPLE_ACCESS_TOKEN) };
const salesforceError = (example: string) => ({ message: like(example) });
const TOKEN_PATH = '/iamessage/api/v2/authorization/authenticated/access-token';

const tokenRequest = (deployment: string, kid: string) => ({
  orgId: orgId(ORG_ID),
  esDeveloperName: deployment,
  capabilitiesVersion: '1',
  platform: 'Web',
  authorizationType: 'JWT',
  customerIdentityToken: jwt(identityToken(kid)),
});

export const tokenExchange = defineInteraction('a verified token exchange for a signed customer identity token', (i) =>
  i
    .given(STATES.keyRegistered, keyParams(KID))
    .withRequest('POST', TOKEN_PATH, (b) => b.jsonBody(tokenRequest(DEPLOYMENT, KID)))
    .willRespondWith(200, (b) =>
      b.jsonBody({
        accessToken: jwt(EXAMPLE_ACCESS_TOKEN),
        lastEventId: like('0'),
        // A verified subject: a guest one (".../UNAUTH/...") means verification failed silently.
        context: { endUser: { subject: regex('^v2/iamessage/AUTH/.+$', EXAMPLE_SUBJECT) } },
      }),
    ));

export const identityRejected = defineInteraction('a token exchange for an identity token whose key is not registered', (i) =>
  i
    .given(STATES.keyNotRegistered, keyParams(UNREGISTERED_KID))
    .withRequest('POST', TOKEN_PATH, (b) => b.jsonBody(tokenRequest(DEPLOYMENT, UNREGISTERED_KID)))
    .willRespondWith(401, (b) => b.jsonBody(salesforceError('Failed to verify the customer identity token'))));

export const unknownDeployment = defineInteraction('a token exchange for a deployment that does not exist', (i) =>
  i
    .given(STATES.unknownDeployment)
    .withRequest('POST', TOKEN_PATH, (b) => b.jsonBody(tokenRequest(UNKNOWN_DEPLOYMENT, KID)))
    .willRespondWith(404, (b) => b.jsonBody(salesforceError('No Embedded Service deployment "No_Such_Deployment" is published'))));

/** The handoff's routing attributes: `Origin` and `Chat_Consumer_Type` exact, the rest by shape; the customer's name as the standard pre-chat fields. */
const routingAttributes = {
  OpencxSessionId: regex('^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$', SESSION.sessionId),
  Chat_Consumer_Type: 'Authenticated',
  Origin: 'MIABOT',
  Priority: like('High'),
  Chat_language: like('fr'),
  Channel: regex('^(Web|WhatsApp|SMS|Phone)$', 'Web'),
  _firstName: like('Camille'),
  _lastName: like('Martin'),
};

const createConversationRequest = { conversationId: freshUuid(EXAMPLE_CONVERSATION_ID), esDeveloperName: DEPLOYMENT, routingAttributes, language: like('fr') };

export const createConversation = defineInteraction('a request to create a conversation with the handoff routing attributes', (i) =>
  i
    .given(STATES.keyRegistered, keyParams(KID))
    .withRequest('POST', '/iamessage/api/v2/conversation', (b) => b.headers(authorized).jsonBody(createConversationRequest))
    .willRespondWith(201));

export const createConversationUnavailable = defineInteraction('a request to create a conversation while Salesforce is unavailable', (i) =>
  i
    .given(STATES.unavailable)
    .withRequest('POST', '/iamessage/api/v2/conversation', (b) => b.headers(authorized).jsonBody(createConversationRequest))
    .willRespondWith(503));

const textMessage = (text: string | V3RegexMatcher) => ({
  esDeveloperName: DEPLOYMENT,
  message: { id: freshUuid(EXAMPLE_MESSAGE_ID), messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text } },
});

export const transcriptMessage = defineInteraction('the opening transcript message', (i) =>
  i
    .given(STATES.conversationOpen)
    .withRequest('POST', conversationPath('/message', EXAMPLE_CONVERSATION_ID), (b) =>
      b.headers(authorized).jsonBody(textMessage(regex('^AI summary:\\n[\\s\\S]+$', TRANSCRIPT))),
    )
    .willRespondWith(202));

export const messageWithoutSession = defineInteraction('a customer message after the rep ended the messaging session', (i) =>
  i
    .given(STATES.conversationOpen)
    .given(STATES.noActiveSession)
    .withRequest('POST', conversationPath('/message', EXAMPLE_CONVERSATION_ID), (b) => b.headers(authorized).jsonBody(textMessage(CUSTOMER_TEXT)))
    .willRespondWith(417, (b) => b.jsonBody(salesforceError('The conversation has no active messaging session'))));

/** After a 417 the client sends the same message again, starting a new session routed like the first. */
export const messageStartingNewSession = defineInteraction('a customer message starting a new messaging session', (i) =>
  i
    .given(STATES.conversationOpen)
    .given(STATES.noActiveSession)
    .withRequest('POST', conversationPath('/message', EXAMPLE_CONVERSATION_ID), (b) =>
      b.headers(authorized).jsonBody({ ...textMessage(CUSTOMER_TEXT), isNewMessagingSession: true, routingAttributes }),
    )
    .willRespondWith(202));

const EXAMPLE_TYPING_ID = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';

/** The typing indicator answers 200, where message and file answer 202: a client must take both as success. */
export const typingStarted = defineInteraction('a typing-started indicator from the customer', (i) =>
  i
    .given(STATES.conversationOpen)
    .withRequest('POST', conversationPath('/entry', EXAMPLE_CONVERSATION_ID), (b) => b.headers(authorized).jsonBody({ entryType: 'TypingStartedIndicator', id: freshUuid(EXAMPLE_TYPING_ID) }))
    .willRespondWith(200));

export const listEntries = defineInteraction('a request for the conversation entries', (i) =>
  i
    .given(STATES.conversationOpen)
    .withRequest('GET', conversationPath('/entries', EXAMPLE_CONVERSATION_ID), (b) => b.headers(authorized))
    .willRespondWith(200, (b) =>
      b.jsonBody({
        conversationEntries: eachLike({
          identifier: regex('^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$', EXAMPLE_MESSAGE_ID),
          entryType: like('RoutingResult'),
          sender: { role: like('Router') },
          senderDisplayName: like('Automated Process'),
          transcriptedTimestamp: integer(1767225600000),
          entryPayload: like({ entryType: 'RoutingResult' }),
        }),
      }),
    ));

export const closeConversation = defineInteraction('a request to close the conversation', (i) =>
  i
    .given(STATES.conversationOpen)
    .withRequest('DELETE', conversationPath('', EXAMPLE_CONVERSATION_ID), (b) => b.query({ esDeveloperName: DEPLOYMENT }).headers(authorized))
    .willRespondWith(204));
