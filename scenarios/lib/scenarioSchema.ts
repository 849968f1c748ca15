import { z } from 'zod';
import { HandoffSettingsSchema } from '../../client/index.ts';
import { linearRegexProblem } from '../../simulator/index.ts';
import { DEPRECATED_OPERATION_NAMES, OPERATION_NAMES, type DeprecatedOperation } from './miawOperations.ts';

/** What a scenario file looks like. `steps` are validated one by one (see steps.ts) so errors name the step. */

const Session = z
  .object({
    channel: z.enum(['web', 'whatsapp', 'sms', 'phone', 'email']).default('web'),
    language: z.string().min(2).optional(),
    priority: z.string().optional(),
    authenticated: z.boolean().default(true),
    seed: z.number().int().optional().describe('faker seed for a repeatable customer'),
    contact: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a field name'), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('more contact fields (e.g. {"tier": "VIP"}), for handoff settings rules and attribute mappings'),
  })
  .strict();

/** Your own client in place of the built-in one: a command run through the shell at the handoff step (see externalClient.ts). */
const ExternalClient = {
  command: z.string().min(1).optional().describe('run this command (through the shell) as the client, in place of the built-in handoff client; it finds the simulator through MIAW_* variables'),
  cwd: z.string().min(1).optional().describe("the command's working directory, relative to the scenario file (default: the scenario file's folder)"),
  env: z.record(z.string(), z.string()).optional().describe("more variables for the command's environment"),
  timeoutMs: z.number().int().min(100).max(600_000).optional().describe('the command is killed (its whole process group) after this long (default 30000)'),
};

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
    settings: HandoffSettingsSchema.optional().describe("handoff settings given to the client (createHandoffClient's settings)"),
    clock: z
      .enum(['real', 'simulator'])
      .default('real')
      .describe('"simulator": the client reads the simulator\'s clock, so advanceClock moves its time too (office hours); "real" (default): its own clock, like a separate machine'),
    ...ExternalClient,
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
/** The MIAW operations as Salesforce names them, and (deprecated, still read) the names this runner used before (see miawOperations.ts). */
const OperationName = z.enum([...OPERATION_NAMES, ...(Object.keys(DEPRECATED_OPERATION_NAMES) as DeprecatedOperation[])]);
const StepName = z.enum(['check-settings', 'sign-identity-token', 'exchange-token', 'build-transcript', 'extract-routing-attributes', 'create-conversation', 'send-transcript', 'subscribe', 'authenticate-salesforce', 'open-case', 'attach-transcript', 'read-case']);

/** What a conversation's messages say, as the simulator recorded them: for the last conversation (`recorded`) and for each (`conversations`). */
const ConversationMessages = {
  endUserMessages: z.array(Text).optional().describe("the end user's messages as the simulator recorded them (transcript included; a message without words as its type in brackets, e.g. \"[FormResponseMessage]\"), exactly, in order"),
  repMessages: z.array(Text).optional().describe("the rep side's messages (reps, bots, auto-responses) as the simulator recorded them, exactly, in order"),
  answers: z.array(z.string()).optional().describe('the titles of the options the customer chose (ChoicesResponse), in order'),
  endUserFiles: z
    .array(z.object({ name: z.string(), mimeType: z.string(), size: z.number().int().min(0).optional() }).strict())
    .optional()
    .describe("the files the end user sent, as the simulator recorded them (name, MIME type and, when given, size in bytes), exactly, in order"),
  formAnswers: z.array(z.record(z.string(), z.unknown())).optional().describe("the values of each form the customer filled in (FormResponse's result, by input name), exactly, in order"),
};

const Expect = z
  .object({
    handoff: z
      .object({
        outcome: z.enum(['completed', 'failed']),
        error: z.object({ class: z.string(), status: z.number().int().optional(), hint: z.string().optional().describe('a substring of the hint') }).strict().optional(),
        attempts: z.partialRecord(StepName, z.number().int().min(1)).optional(),
        retryDelays: z.union([z.literal('increasing'), z.array(z.number().int().min(0))]).optional(),
      })
      .strict()
      .optional()
      .describe('required with the built-in client; with an external client only outcome (completed: exit code 0)'),
    client: z.object({ exitCode: z.number().int().min(0).max(255) }).strict().optional().describe("an external client's exit code"),
    recorded: z
      .object({
        conversations: z.number().int().min(0).optional(),
        routingAttributes: z.record(z.string(), z.string()).optional().describe('must all be present with these values'),
        unmappedAttributes: z.array(z.string()).optional().describe('exactly the attributes the deployment does not map (kept, never routed on), in order'),
        sessions: z.number().int().min(0).optional(),
        transcriptMessages: z.number().int().min(0).optional(),
        customerMessages: z.number().int().min(0).optional(),
        ...ConversationMessages,
        duplicateMessages: z.number().int().min(0).optional().describe('messages recorded again with the same sender and text as an earlier one'),
        queue: z.string().optional(),
        routingFailure: z.boolean().optional(),
        status: z.enum(['OPEN', 'CLOSED']).optional(),
        receipts: z
          .object({ delivered: z.number().int().min(0).optional(), read: z.number().int().min(0).optional() })
          .strict()
          .optional()
          .describe("how many rep messages the customer's client acknowledged as Delivery / Read; each must be acknowledged exactly once, as recorded and as sent (acks with the same id count once)"),
        cases: z.number().int().min(0).optional().describe('Email Cases the simulator holds'),
        transcriptEmails: z.number().int().min(0).optional().describe("incoming EmailMessages on them (the transcripts)"),
      })
      .strict()
      .optional(),
    sink: z
      .object({
        messages: z.array(Text).optional().describe('the rep messages the customer saw, exactly, in order'),
        events: z.array(z.enum(['message', 'typing', 'participant', 'progress', 'message-partial', 'receipt', 'session-ended', 'conversation-closed'])).optional().describe('event types, exactly, in order'),
        contents: z.array(z.enum(['text', 'attachments', 'richLink', 'webView', 'choices', 'form', 'unsupported'])).optional().describe("the rep messages' content kinds, exactly, in order"),
        renderedFormats: z.array(z.string()).optional().describe("how the session's channel rendered each rep message (buttons, reply-buttons, list, numbered, files, text, ...), in order"),
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
        calls: z.partialRecord(OperationName, z.number().int().min(0)).optional().describe(`requests per MIAW operation, named as Salesforce's API reference names it, as the simulator saw them (faulted ones included); deprecated old names, read with a warning: ${Object.entries(DEPRECATED_OPERATION_NAMES).map(([old, name]) => `${old} (now ${name})`).join(', ')}`),
      })
      .strict()
      .optional(),
    conversations: z
      .array(z.object(ConversationMessages).strict())
      .max(1000)
      .optional()
      .describe('what the simulator recorded on each conversation the client created, in order (the nth item: the nth conversation, as a step\'s "conversation": n names it); `recorded` looks at the last one only'),
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
    savedSession: z
      .object({
        client: z.enum(['built-in', 'external']).describe('"external": an external client made the session; it replays only with that client (client.command or --client-cmd)'),
        userAgent: z.string().max(200).optional().describe("the external client's User-Agent, as the simulator's journal recorded it"),
      })
      .strict()
      .optional()
      .describe('a session saved from the simulator (GET /__sim/v1/scenario): which client made it'),
    simulator: Simulator.default({}),
    client: Client.default({ signingKey: 'registered', clock: 'real' }),
    steps: z.array(z.record(z.string(), z.unknown())).min(1, 'needs at least one step (usually {"handoff": {}})'),
    expect: Expect,
  })
  .strict();

export type Scenario = z.output<typeof ScenarioFile>;
export type ExpectedText = z.output<typeof Text>;
export type ConversationMessages = z.output<z.ZodObject<typeof ConversationMessages>>;
export { Session as SessionSpec };

/** JSON Schema for editors (committed as scenarios/scenario.schema.json; a test keeps it in sync). Steps are described loosely there. */
export const scenarioJsonSchema = () => z.toJSONSchema(ScenarioFile, { io: 'input' });
