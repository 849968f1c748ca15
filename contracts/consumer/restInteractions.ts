import { MatchersV3, type V3RegexMatcher } from '@pact-foundation/pact';
import { TEXT_BODY_MAX } from '../../client/emailCase/caseFields.ts';
import { JWT_BEARER_GRANT } from '../../client/emailCase/salesforceSession.ts';
import { buildTranscript } from '../../client/transcript.ts';
import { CONSUMER_KEY, INTEGRATION_USER, REST_PROVIDER, REST_STATES, appParams, caseParams } from '../contract.ts';
import { EMAIL_SESSION } from './emailCaseClient.ts';
import { exampleJwt, jwt, mockServerUrl, providerStatePath } from './matchers.ts';
import { defineInteraction, formBody } from './mockServer.ts';

const { like, regex, eachLike, fromProviderState } = MatchersV3;

/**
 * The HTTP interactions of an Email Case with Salesforce's OAuth 2.0 token endpoint and REST API
 * (provider `salesforce-rest`): the JWT bearer grant, the Case and its transcript EmailMessage
 * upserted by the session id, and the case read back for its number. Only what the client sends
 * and reads is contracted.
 */

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const EXAMPLE_INSTANCE_URL = 'https://contract-org.my.salesforce.com';
const EXAMPLE_ACCESS_TOKEN = '00DSIM000000001!AQ4AQFcontract.example.access.token';
const EXAMPLE_CASE_ID = '500SIM000000001AAA';
const EXAMPLE_EMAIL_ID = '02sSIM000000001AAA';
const EXTERNAL_ID_FIELD = 'OpencxSessionId__c';

/** The assertion's claims as the client signs them (the provider re-signs them with the key its state registered). */
const EXAMPLE_ASSERTION = exampleJwt({ alg: 'RS256' }, { iss: CONSUMER_KEY, sub: INTEGRATION_USER, aud: 'https://login.salesforce.com', exp: 1767225770 });
const TOKEN_PATH = '/services/oauth2/token';

/** The form the client posts: the JWT bearer grant and an RS256 assertion (any compact JWS). */
const grantForm = { grant_type: JWT_BEARER_GRANT, assertion: jwt(EXAMPLE_ASSERTION) };

const authorized = { Authorization: regex('^Bearer \\S+$', `Bearer ${EXAMPLE_ACCESS_TOKEN}`) };
const sobjects = '/services/data/v[0-9]{2,3}\\.0/sobjects';
const upsertPath = (sobject: string) => regex(`^${sobjects}/${sobject}/${EXTERNAL_ID_FIELD}/${UUID}$`, `/services/data/v62.0/sobjects/${sobject}/${EXTERNAL_ID_FIELD}/${EMAIL_SESSION.sessionId}`);
const recordId = (prefix: string, example: string): V3RegexMatcher => regex(`^${prefix}[A-Za-z0-9]{15}$`, example);
/** Salesforce's REST error shape: an array of `{message, errorCode, fields}`; the code exact, the words by type. */
const restErrors = (errorCode: string, message: string) => eachLike({ message: like(message), errorCode });

export const jwtBearerGrant = defineInteraction(
  'a JWT bearer grant for the integration user',
  (i) =>
    i
      .given(REST_STATES.appTrustsKey, appParams())
      .withRequest('POST', TOKEN_PATH, (b) => formBody(b, grantForm))
      .willRespondWith(200, (b) => b.jsonBody({ access_token: like(EXAMPLE_ACCESS_TOKEN), instance_url: mockServerUrl(EXAMPLE_INSTANCE_URL) })),
  REST_PROVIDER,
);

export const jwtBearerGrantRefused = defineInteraction(
  'a JWT bearer grant signed with a key whose certificate the connected app does not have',
  (i) =>
    i
      .given(REST_STATES.appTrustsOtherKey, appParams())
      .withRequest('POST', TOKEN_PATH, (b) => formBody(b, grantForm))
      .willRespondWith(400, (b) => b.jsonBody({ error: 'invalid_grant', error_description: like('invalid assertion') })),
  REST_PROVIDER,
);

/** The Case fields the client writes for EMAIL_SESSION with the default `fieldMap` (Priority -> Priority). */
const caseFields = {
  Subject: like(EMAIL_SESSION.summary),
  Description: like(EMAIL_SESSION.summary),
  Origin: 'Email',
  SuppliedEmail: like(EMAIL_SESSION.contact.email!),
  SuppliedName: like(EMAIL_SESSION.contact.name!),
  Priority: like('High'),
};

export const upsertCase = defineInteraction(
  'an upsert of the Case by the session id',
  (i) =>
    i
      .given(REST_STATES.appTrustsKey, appParams())
      .withRequest('PATCH', upsertPath('Case'), (b) => b.headers(authorized).jsonBody(caseFields))
      .willRespondWith(201, (b) => b.jsonBody({ id: recordId('500', EXAMPLE_CASE_ID), success: true, created: true })),
  REST_PROVIDER,
);

export const upsertCaseUnknownField = defineInteraction(
  'an upsert of the Case writing a field the org does not have',
  (i) =>
    i
      .given(REST_STATES.appTrustsKey, appParams())
      .withRequest('PATCH', upsertPath('Case'), (b) => b.headers(authorized).jsonBody({ ...caseFields, Language__c: like('fr') }))
      .willRespondWith(400, (b) => b.jsonBody(restErrors('INVALID_FIELD', "No such column 'Language__c' on sobject of type Case"))),
  REST_PROVIDER,
);

/** The transcript the client builds for EMAIL_SESSION (the example; any text starting with the summary heading matches). */
const TRANSCRIPT = buildTranscript(EMAIL_SESSION, { maxChars: TEXT_BODY_MAX, overflow: 'truncate' })[0]!;

export const upsertTranscriptEmail = defineInteraction(
  "an upsert of the transcript as the customer's EmailMessage on the case",
  (i) =>
    i
      .given(REST_STATES.appTrustsKey, appParams())
      .given(REST_STATES.caseExists, caseParams(EMAIL_SESSION.sessionId))
      .withRequest('PATCH', upsertPath('EmailMessage'), (b) =>
        b.headers(authorized).jsonBody({
          ParentId: fromProviderState('${caseId}', EXAMPLE_CASE_ID),
          Incoming: true,
          Status: '0',
          Subject: like(EMAIL_SESSION.summary),
          TextBody: regex('^AI summary:\\n[\\s\\S]+$', TRANSCRIPT),
          FromAddress: like(EMAIL_SESSION.contact.email!),
          FromName: like(EMAIL_SESSION.contact.name!),
        }),
      )
      .willRespondWith(201, (b) => b.jsonBody({ id: recordId('02s', EXAMPLE_EMAIL_ID), success: true, created: true })),
  REST_PROVIDER,
);

export const getCase = defineInteraction(
  'a read of the case for its number',
  (i) =>
    i
      .given(REST_STATES.appTrustsKey, appParams())
      .given(REST_STATES.caseExists, caseParams(EMAIL_SESSION.sessionId))
      .withRequest('GET', providerStatePath(`^${sobjects}/Case/500[A-Za-z0-9]{15}$`, '/services/data/v62.0/sobjects/Case/${caseId}', `/services/data/v62.0/sobjects/Case/${EXAMPLE_CASE_ID}`), (b) => b.headers(authorized))
      .willRespondWith(200, (b) => b.jsonBody({ Id: recordId('500', EXAMPLE_CASE_ID), CaseNumber: regex('^[0-9]{8}$', '00001001') })),
  REST_PROVIDER,
);
