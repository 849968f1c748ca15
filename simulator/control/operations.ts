import { z } from 'zod';
import { RepConfig } from '../domain/reps/repSchema.ts';
import { RoutingConfig } from '../domain/routing/routingSchema.ts';
import { FaultRequestSchema } from '../faults/faultSchema.ts';
import { ClockAdvance } from '../shared/clockAdvance.ts';
import { ConversationsQuery, Rep, RepAcks, RepEvent, RepMessage, RepTyping, Transfer } from './conversations.ts';
import { RotateKey, TokenScope } from './credentialFaults.ts';
import { CreateDeployment, CreateKeyset, CreateOrg, RegisterKey } from './directory.ts';
import { PresenceChange } from './routing.ts';
import { ScenarioQuery } from './scenarioExport.ts';
import { CaseReply, CasesQuery, CreateConnectedApp, CreateIntegrationUser } from './emailCases.ts';
import { JournalQuery } from './system.ts';
import { CustomerMessage, WidgetChoice, WidgetForm, WidgetHandoff, WidgetRead } from './widget.ts';

/** Where the control API is mounted. */
export const CONTROL_BASE = '/__sim/v1';

/** One control-API operation: what the landing index lists and the OpenAPI document describes. */
export interface ControlOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `CONTROL_BASE`, exactly as the router registers it (`/orgs/:orgId`). */
  path: string;
  /** One line: what it does. */
  summary: string;
  /** The status it answers with when it works. */
  status: 200 | 201 | 202 | 204;
  /** The schema the route checks its body with (`parseInput`); left out when it reads no body. */
  body?: z.ZodType;
  /** The schema the route checks its query with. */
  query?: z.ZodObject;
  /** Also answers HTML, to a browser (`Accept: text/html`). */
  html?: true;
}

/**
 * Every route of the control API. `test/simulator/landing.test.ts` walks the app's routers and
 * fails when a route is missing here (or listed here but not served), and when a route that
 * parses a body has no `body` here.
 */
export const CONTROL_OPERATIONS: readonly ControlOperation[] = [
  { method: 'GET', path: '/', status: 200, html: true, summary: 'This index: links, deployments and these operations (HTML for browsers, JSON otherwise)' },
  { method: 'GET', path: '/openapi.json', status: 200, summary: 'The control API as an OpenAPI 3.1 document, generated from the schemas the routes check input with' },

  { method: 'GET', path: '/health', status: 200, summary: 'Liveness: status, uptime, conversations and open event streams' },
  { method: 'POST', path: '/reset', status: 200, summary: 'Back to the start-up state: conversations, events, journal, faults and earlier access tokens gone' },
  { method: 'GET', path: '/journal', status: 200, query: JournalQuery, summary: 'Recent requests, secrets redacted' },
  { method: 'GET', path: '/state', status: 200, summary: 'The whole state as JSON (start from it with --import)' },
  { method: 'GET', path: '/scenario', status: 200, query: ScenarioQuery, summary: 'The session the journal recorded (after `since`), saved as a scenario file that re-arms it and expects what was recorded' },

  { method: 'GET', path: '/orgs', status: 200, summary: 'The orgs' },
  { method: 'POST', path: '/orgs', status: 201, body: CreateOrg, summary: 'Create an org (its id generated when left out)' },
  { method: 'GET', path: '/deployments', status: 200, summary: "Every org's deployments" },
  { method: 'GET', path: '/orgs/:orgId/deployments', status: 200, summary: "An org's deployments" },
  { method: 'POST', path: '/orgs/:orgId/deployments', status: 201, body: CreateDeployment, summary: 'Create a deployment' },
  { method: 'GET', path: '/keysets', status: 200, summary: "Every org's user-verification keysets and their keys' ids" },
  { method: 'GET', path: '/orgs/:orgId/keysets', status: 200, summary: "An org's user-verification keysets" },
  { method: 'POST', path: '/orgs/:orgId/keysets', status: 201, body: CreateKeyset, summary: 'Create a user-verification keyset' },
  { method: 'POST', path: '/orgs/:orgId/keysets/:name/keys', status: 201, body: RegisterKey, summary: 'Register a public RSA key (PEM or JWK); answers with its Auth Key ID (kid)' },
  { method: 'DELETE', path: '/orgs/:orgId/keysets/:name/keys/:kid', status: 204, summary: 'Remove a key: identity tokens with its kid are refused from then on' },
  { method: 'POST', path: '/orgs/:orgId/keysets/:name/keys/:kid/rotate', status: 200, body: RotateKey, summary: 'Replace a registered key with the one sent, or with a fresh one nobody holds' },
  { method: 'POST', path: '/tokens/expire', status: 200, body: TokenScope, summary: 'Refuse every access token issued so far (to one subject, or to anyone) as expired' },
  { method: 'POST', path: '/tokens/revoke', status: 200, body: TokenScope, summary: 'Refuse every access token issued so far (to one subject, or to anyone) as revoked' },

  { method: 'GET', path: '/conversations', status: 200, query: ConversationsQuery, summary: 'Conversations with their status, routing, session and routing attributes' },
  { method: 'GET', path: '/conversations/:id', status: 200, summary: 'One conversation: sessions, reps, entries and the journal of requests that touched it' },
  { method: 'POST', path: '/conversations/:id/accept', status: 200, body: Rep, summary: 'A rep accepts the conversation' },
  { method: 'POST', path: '/conversations/:id/messages', status: 201, body: RepMessage, summary: 'The rep says something (accepting first if needed): {text}, or {message} of any type Salesforce documents' },
  { method: 'POST', path: '/conversations/:id/acknowledge-entries', status: 201, body: RepAcks, summary: "The rep side acknowledges the end user's entries as delivered or read (the end user gets the receipts)" },
  { method: 'POST', path: '/conversations/:id/events', status: 201, body: RepEvent, summary: 'Send the end user a progress indicator, streaming tokens, or any named event with any data' },
  { method: 'POST', path: '/conversations/:id/typing', status: 204, body: RepTyping, summary: "The rep's typing started or stopped" },
  { method: 'POST', path: '/conversations/:id/transfer', status: 200, body: Transfer, summary: 'Transfer to a queue: the reps leave and it is routed again' },
  { method: 'POST', path: '/conversations/:id/end-session', status: 200, summary: 'The rep ends the messaging session' },
  { method: 'POST', path: '/conversations/:id/close', status: 200, summary: 'Close the conversation' },

  { method: 'GET', path: '/routing', status: 200, summary: 'The routing in force: queues, rules, office hours' },
  { method: 'PUT', path: '/routing', status: 200, body: RoutingConfig, summary: 'Replace the routing' },
  { method: 'GET', path: '/reps', status: 200, summary: 'The reps with their presence, load and conversations' },
  { method: 'POST', path: '/reps', status: 201, body: RepConfig, summary: 'Add a rep, human or scripted' },
  { method: 'PATCH', path: '/reps/:name', status: 200, body: PresenceChange, summary: "Set a rep's presence: Online, Away or Offline" },
  { method: 'DELETE', path: '/reps/:name', status: 204, summary: 'Remove a rep (their work waits again)' },
  { method: 'GET', path: '/queues', status: 200, summary: "Per queue: open now, the conversations waiting, its reps' load" },

  { method: 'POST', path: '/faults', status: 201, body: FaultRequestSchema, summary: 'Make the MIAW endpoints misbehave: a fault rule, or a sequence of them' },
  { method: 'GET', path: '/faults', status: 200, summary: 'The fault rules in force, with what each has served' },
  { method: 'DELETE', path: '/faults', status: 204, summary: 'Remove every fault rule' },
  { method: 'DELETE', path: '/faults/:id', status: 204, summary: 'Remove one fault rule' },

  { method: 'GET', path: '/clock', status: 200, summary: 'Simulated time, and how far it is ahead of real time' },
  { method: 'POST', path: '/clock/advance', status: 200, body: ClockAdvance, summary: "Move simulated time forward (token expiry, reps' waits and office hours follow)" },

  { method: 'GET', path: '/cases', status: 200, query: CasesQuery, summary: 'Email Cases clients opened through the REST API, with their emails (the transcript) and the replies sent' },
  { method: 'GET', path: '/cases/:id', status: 200, summary: 'One case (id of 15 or 18 characters): fields, emails, replies' },
  { method: 'POST', path: '/cases/:id/replies', status: 201, body: CaseReply, summary: "A rep replies to the case by email: an outgoing EmailMessage on the case, and a mail in the outbox" },
  { method: 'GET', path: '/outbox', status: 200, query: CasesQuery, summary: 'The emails reps sent from cases (nothing is delivered anywhere)' },
  { method: 'GET', path: '/connected-apps', status: 200, summary: 'Connected apps for the OAuth 2.0 JWT bearer grant: consumer key and key summary (no key material)' },
  { method: 'POST', path: '/orgs/:orgId/connected-apps', status: 201, body: CreateConnectedApp, summary: "Register a connected app: its certificate (or public key) and optionally the users pre-authorized for it" },
  { method: 'GET', path: '/integration-users', status: 200, summary: 'The users a JWT bearer assertion may name as sub' },
  { method: 'POST', path: '/orgs/:orgId/integration-users', status: 201, body: CreateIntegrationUser, summary: 'Add an integration user (username unique across every org)' },

  { method: 'POST', path: '/widget/handoffs', status: 202, body: WidgetHandoff, summary: "The widget's escalation: the real handoff client runs for the default org" },
  { method: 'GET', path: '/widget/handoffs/:id', status: 200, summary: "One widget handoff: status, the client's steps and the rep events it received (or, on channel email, the Email Case it opened)" },
  { method: 'POST', path: '/widget/handoffs/:id/messages', status: 202, body: CustomerMessage, summary: 'The customer writes again from the widget' },
  { method: 'POST', path: '/widget/handoffs/:id/read', status: 200, body: WidgetRead, summary: 'Web chat: the page showed these rep messages; the handoff client acknowledges each as Read, once' },
  { method: 'POST', path: '/widget/handoffs/:id/choices', status: 202, body: WidgetChoice, summary: "Web chat: the customer clicked an option of the open question; the handoff client's answer() sends the ChoicesResponse" },
  { method: 'POST', path: '/widget/handoffs/:id/forms', status: 202, body: WidgetForm, summary: "Web chat: the customer filled in the open form; the handoff client's answerForm() sends the FormResponse" },
];

/** `/orgs/:orgId` as OpenAPI writes it: `/orgs/{orgId}`. */
export const templatePath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/** The full path of an operation, as a reader types it (`/__sim/v1/orgs/{orgId}`). */
export const fullPath = (op: ControlOperation): string => CONTROL_BASE + templatePath(op.path === '/' ? '' : op.path);
