import { z } from 'zod';
import { linearRegexProblem } from '../../simulator/index.ts';

/** What a scenario file looks like. `steps` are validated one by one (see steps.ts) so errors name the step. */

const Session = z
  .object({
    channel: z.enum(['web', 'whatsapp', 'sms', 'phone', 'email']).default('web'),
    language: z.string().min(2).optional(),
    priority: z.string().optional(),
    authenticated: z.boolean().default(true),
    seed: z.number().int().optional().describe('faker seed for a repeatable customer'),
  })
  .strict();

const Client = z
  .object({
    authKeyId: z.string().optional(),
    issuer: z.string().optional(),
    orgId: z.string().optional(),
    esDeveloperName: z.string().optional(),
    signingKey: z.enum(['registered', 'unregistered']).default('registered').describe('"unregistered": sign with a key pair the simulator has never seen'),
    emailCaseSigningKey: z.enum(['registered', 'unregistered']).optional().describe('"unregistered": sign JWT bearer assertions with a key that is not the connected app\'s certificate'),
    retry: z.object({ retries: z.number().int().min(0).max(10).optional(), baseDelayMs: z.number().int().min(0).optional() }).strict().optional(),
    streamIdleTimeoutMs: z.number().int().min(100).max(60_000).optional().describe("the client's read-idle time: a stream with no bytes for this long is reconnected (client default 55000)"),
  })
  .strict();

const Simulator = z
  .object({
    options: z
      .object({
        verificationFailure: z.enum(['401', 'silent-guest']).optional(),
        clockSkewSeconds: z.number().int().min(0).optional(),
        verifiedTokenTtlSeconds: z.number().int().positive().optional(),
        guestTokenTtlSeconds: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    deployments: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe('bodies of POST /__sim/v1/orgs/<default org>/deployments; the client uses one with client.esDeveloperName'),
    routing: z.record(z.string(), z.unknown()).optional().describe('body of PUT /__sim/v1/routing'),
    reps: z.array(z.record(z.string(), z.unknown())).optional().describe('bodies of POST /__sim/v1/reps'),
    faults: z.array(z.record(z.string(), z.unknown())).optional().describe('bodies of POST /__sim/v1/faults'),
  })
  .strict();

/** A pattern, like the simulator's own: RE2 syntax, checked when the file loads, matched in linear time. */
const Pattern = z.string().superRefine((source, ctx) => {
  const problem = linearRegexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const Text = z.union([z.string(), z.object({ matches: Pattern }).strict()]);
const StepName = z.enum([
  'sign-identity-token',
  'exchange-token',
  'build-transcript',
  'extract-routing-attributes',
  'create-conversation',
  'send-transcript',
  'subscribe',
  'authenticate-salesforce',
  'open-case',
  'attach-transcript',
  'read-case',
]);

const Expect = z
  .object({
    handoff: z
      .object({
        outcome: z.enum(['completed', 'failed']),
        error: z.object({ class: z.string(), status: z.number().int().optional(), hint: z.string().optional().describe('a substring of the hint') }).strict().optional(),
        attempts: z.partialRecord(StepName, z.number().int().min(1)).optional(),
        retryDelays: z.union([z.literal('increasing'), z.array(z.number().int().min(0))]).optional(),
      })
      .strict(),
    recorded: z
      .object({
        conversations: z.number().int().min(0).optional(),
        routingAttributes: z.record(z.string(), z.string()).optional().describe('must all be present with these values'),
        unmappedAttributes: z.array(z.string()).optional().describe('exactly the attributes the deployment does not map (kept, never routed on), in order'),
        sessions: z.number().int().min(0).optional(),
        transcriptMessages: z.number().int().min(0).optional(),
        customerMessages: z.number().int().min(0).optional(),
        queue: z.string().optional(),
        routingFailure: z.boolean().optional(),
        status: z.enum(['OPEN', 'CLOSED']).optional(),
        cases: z.number().int().min(0).optional().describe('Email Cases the simulator holds'),
        transcriptEmails: z.number().int().min(0).optional().describe("incoming EmailMessages on them (the transcripts)"),
      })
      .strict()
      .optional(),
    sink: z
      .object({
        messages: z.array(Text).optional().describe('the rep messages the customer saw, exactly, in order'),
        events: z.array(z.enum(['message', 'typing', 'participant', 'session-ended', 'conversation-closed'])).optional().describe('event types, exactly, in order'),
        participants: z.array(z.string()).optional().describe('"joined:Name" / "left:Name", in order'),
        participantRoles: z.array(z.string()).optional().describe('"joined:Role" / "left:Role" (Agent, Chatbot, ...), in order'),
        senderRoles: z.array(z.string()).optional().describe("the roles of the rep messages' senders (Agent, Chatbot, ...), in order"),
      })
      .strict()
      .optional(),
    journal: z
      .object({
        tokenExchanges: z.number().int().min(0).optional(),
        messageStatuses: z.array(z.number().int()).optional().describe('statuses of POST .../message, in order'),
        faultsServed: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    stream: z
      .object({
        reconnectsAtLeast: z.number().int().min(0).optional(),
        stallsAtLeast: z.number().int().min(0).optional().describe('streams given up on after the read-idle time without a byte'),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ScenarioFile = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case, the file name without .json'),
    title: z.string().min(10).describe('what the scenario shows, in a sentence'),
    troubleshooting: z.string().optional().describe('the real-world symptom and what to check'),
    tags: z.array(z.string()).default([]),
    simulator: Simulator.default({}),
    client: Client.default({ signingKey: 'registered' }),
    steps: z.array(z.record(z.string(), z.unknown())).min(1, 'needs at least one step (usually {"handoff": {}})'),
    expect: Expect,
  })
  .strict();

export type Scenario = z.output<typeof ScenarioFile>;
export type ExpectedText = z.output<typeof Text>;
export { Session as SessionSpec };

/** JSON Schema for editors (committed as scenarios/scenario.schema.json; a test keeps it in sync). Steps are described loosely there. */
export const scenarioJsonSchema = () => z.toJSONSchema(ScenarioFile, { io: 'input' });
