import { fileURLToPath } from 'node:url';

/**
 * What both halves of the contract agree on: who the parties are, where the pacts live, and the
 * provider states by name. The consumer writes interactions under these states; the provider sets
 * each one up (against the simulator, or a real sandbox).
 */
export const CONSUMER = 'miaw-handoff-client';
export const PROVIDER = 'salesforce-miaw';
export const PACT_DIR = fileURLToPath(new URL('./pacts/', import.meta.url));
export const PACT_FILE = `${PACT_DIR}${CONSUMER}-${PROVIDER}.json`;
/** Where the consumer tests write while they run (git-ignored); contracts/consumer/pactRun.ts moves a passing run's pacts to PACT_DIR. */
export const PACT_RUN_DIR = fileURLToPath(new URL('./.pacts-run/', import.meta.url));
/**
 * The Email Case path talks to another Salesforce API (OAuth 2.0 and the REST API, not MIAW), set
 * up apart (a connected app, an integration user): a provider of its own, with a pact of its own.
 */
export const REST_PROVIDER = 'salesforce-rest';
export const REST_PACT_FILE = `${PACT_DIR}${CONSUMER}-${REST_PROVIDER}.json`;
/** Pact's own logging: warnings and errors only, so test output stays readable. */
export const PACT_LOG_LEVEL = 'warn';

/** The deployment every interaction talks to, and the Auth Key ID the consumer signs with. */
export const DEPLOYMENT = 'Sim_Web';
export const UNKNOWN_DEPLOYMENT = 'No_Such_Deployment';
export const KID = 'miaw-contract-key';
export const UNREGISTERED_KID = 'miaw-contract-unregistered-key';

export const STATES = {
  keyRegistered: 'deployment Sim_Web has key K registered',
  keyNotRegistered: 'deployment Sim_Web has no key K registered',
  unknownDeployment: 'deployment No_Such_Deployment does not exist',
  conversationOpen: 'conversation C is open',
  noActiveSession: 'no active session',
  unavailable: 'salesforce is unavailable',
} as const;

/** Provider-state parameters: which key K is meant. */
export const keyParams = (kid: string) => ({ esDeveloperName: DEPLOYMENT, kid });

/** The connected app and integration user the consumer's Email Case settings name (the provider registers them). */
export const CONSUMER_KEY = '3MVG9contract.miaw.handoff.client.consumer.key';
export const INTEGRATION_USER = 'contract-integration@miaw-handoff.invalid';

export const REST_STATES = {
  appTrustsKey: 'connected app A has the certificate of key K and user U is pre-authorized for it',
  appTrustsOtherKey: 'connected app A has a certificate of another key than K, and user U is pre-authorized for it',
  caseExists: 'the Case of session S exists',
} as const;

/** Provider-state parameters: which app, which user, which session. */
export const appParams = () => ({ consumerKey: CONSUMER_KEY, username: INTEGRATION_USER });
export const caseParams = (sessionId: string) => ({ ...appParams(), sessionId });
