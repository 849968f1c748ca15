import { isHandoffClientAgent } from '../../client/miawApi.ts';
import type { Conversation, JournalRecord } from '../store/types.ts';
import { answerStep, optionAnswer } from './customerAnswers.ts';
import { fileStep } from './customerFiles.ts';
import { expectationsFor, handoffSpec, repMessageCount, repMessagesBefore } from './sessionExpectations.ts';
import { field, readTimeline } from './sessionTimeline.ts';

/** What a session is saved from: a journal window and the state it left, read by the control route. */
export interface SessionRecord {
  /** The journal position the window starts after (0: from the start). */
  since: number;
  /** The window: journal records with `seq` above `since`, oldest first. */
  journal: readonly JournalRecord[];
  /** The first position the journal still holds, when it holds any (a bounded journal forgets the oldest). */
  oldestKept?: number;
  /** Conversations by id (the store's records). */
  conversation: (id: string) => Conversation | undefined;
  /** The routing in force, as `PUT /routing` takes it; left out when it is the start-up default. */
  routing?: unknown;
  /** Each rep in force, as `POST /reps` took it (their scripts included). */
  reps: readonly unknown[];
  defaultOrgId: string;
  defaultDeployment: string;
  /** When the session is saved, on the simulated clock. */
  savedAt: number;
}

/** The scenario's `name`: kebab-case and the file's name, from the time it was saved. */
export const savedScenarioName = (savedAt: number) => `saved-session-${new Date(savedAt).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;

/**
 * A scenario file (the format of `scenarios/scenario.schema.json`) that replays a session with the
 * built-in handoff client: the reps, routing, deployments and faults that were in force, the
 * steps the journal shows in their order (each customer or rep step waits until the rep side's
 * messages recorded before it have reached the client), and what the simulator recorded as the
 * expectations. Nothing secret goes in: journal bodies are already redacted, and keys are never read.
 */
export function buildSessionScenario(record: SessionRecord): Record<string, unknown> | undefined {
  const timeline = readTimeline(record.journal, record.defaultOrgId);
  if (!timeline.steps.some((s) => Object.hasOwn(s.step, 'handoff'))) return undefined;
  const conversations = timeline.conversationIds.flatMap((id) => record.conversation(id) ?? []);

  const steps: Array<Record<string, unknown>> = [];
  const notes = [...timeline.notReplayed];
  let waited = 0;
  const waitFor = (sinkMessages: number) => {
    if (sinkMessages > waited) steps.push({ waitFor: { sinkMessages } });
    waited = Math.max(waited, sinkMessages);
  };
  // One made-up customer per end user the window saw: the nth other one is `seed` n + 1 (the runner's default is 1).
  const customers = [...new Set(conversations.map((c) => c.subject))];
  const filesSent = new Map<string | undefined, number>();
  for (const placed of timeline.steps) {
    if (placed.file) {
      // The nth upload on its conversation is the nth file recorded there; one more is a retry answered twice.
      const nth = filesSent.get(placed.conversationId) ?? 0;
      filesSent.set(placed.conversationId, nth + 1);
      const sent = fileStep(conversations, placed, nth);
      if (!sent) continue;
      if ('notReplayed' in sent) notes.push(sent.notReplayed);
      else {
        waitFor(repMessagesBefore(conversations, placed.at, { conversationId: placed.conversationId, messageId: sent.messageId }));
        steps.push(sent.step);
      }
      continue;
    }
    if (Object.hasOwn(placed.step, 'handoff')) {
      const conversation = conversations.find((c) => c.id === placed.conversationId);
      const customer = conversation ? customers.indexOf(conversation.subject) : 0;
      steps.push({ handoff: { ...handoffSpec(conversation, placed.created), ...(customer > 0 ? { seed: customer + 1 } : {}) } });
      continue;
    }
    waitFor(repMessagesBefore(conversations, placed.at, placed));
    if (placed.option === undefined) {
      steps.push(placed.step);
      continue;
    }
    const answer = optionAnswer(conversations, placed);
    if (typeof answer === 'string') steps.push(answerStep(placed.step, answer));
    else notes.push(answer.notReplayed);
  }
  waitFor(repMessageCount(conversations));

  const created = new Set(timeline.deployments.map((body) => field(body, 'name')));
  for (const name of new Set(conversations.map((c) => c.deployment))) {
    if (name !== record.defaultDeployment && !created.has(name)) notes.push(`deployment ${name}, not created in this window (a config file's, or made earlier): the file does not create it`);
  }
  // A reset clears the journal (its positions go on): what came before one is gone, not forgotten.
  const startsWithReset = record.journal[0]?.method === 'POST' && record.journal[0].path === '/__sim/v1/reset';
  if (record.oldestKept !== undefined && record.oldestKept > record.since + 1 && !startsWithReset) notes.push(`journal positions ${record.since + 1} to ${record.oldestKept - 1}: the journal no longer holds them (--journal-limit)`);
  const client = clientOverrides(timeline.exchangedWith, record);
  const savedAt = new Date(record.savedAt).toISOString();
  const madeBy = madeByOf(timeline.userAgent);
  const expect = expectationsFor(conversations, timeline.conversationIds.at(-1), timeline.dataPlane, timeline.closedByEndUser);
  const replays = madeBy.client === 'built-in' ? 'replays the steps with the built-in handoff client' : `was made by an external client (${madeBy.userAgent ? `User-Agent ${JSON.stringify(madeBy.userAgent)}` : 'no User-Agent'}): replay it with that client (--client-cmd or client.command), which sends the customer's side itself`;
  const scenario = {
    name: savedScenarioName(record.savedAt),
    title: `A session saved from the simulator at ${savedAt}: ${conversations.length} conversation(s) from journal position ${record.since + 1}`,
    troubleshooting: `Saved with GET /__sim/v1/scenario?since=${record.since}. It re-arms what was in force and ${replays}.${notes.length ? ` Not replayed: ${notes.join('; ')}.` : ''}`,
    tags: ['saved-session'],
    savedSession: madeBy,
    simulator: {
      ...(timeline.deployments.length ? { deployments: timeline.deployments } : {}),
      ...(record.routing ? { routing: record.routing } : {}),
      ...(record.reps.length ? { reps: record.reps } : {}),
      ...(timeline.faults.length ? { faults: timeline.faults } : {}),
    },
    ...(Object.keys(client).length ? { client } : {}),
    ...(madeBy.client === 'built-in' ? { steps, expect } : forExternalClient(steps, expect)),
  };
  return scenario;
}

/** Which client made the session, from the User-Agent its first token exchange or create sent (the built-in client names itself). */
function madeByOf(userAgent: string | undefined): { client: 'built-in' | 'external'; userAgent?: string } {
  if (userAgent === undefined || isHandoffClientAgent(userAgent)) return { client: 'built-in' };
  return { client: 'external', ...(userAgent ? { userAgent: userAgent.slice(0, 200) } : {}) };
}

/** Steps an external client is not asked for: it sends the customer's side and makes its conversations itself, and has no channel to wait on. */
const CUSTOMER_SIDE = new Set(['customerSays', 'customerAnswers', 'customerSendsFile', 'waitFor']);

/**
 * The steps and expectations an external client can be replayed with (`clientFit.ts`): the first
 * handoff starts it (it makes any later conversation itself), the customer's steps and waits go
 * (it sends the customer's side on its own, which the recorded messages still check), and so do
 * the expectations only the built-in client reports.
 */
function forExternalClient(steps: Array<Record<string, unknown>>, expect: Record<string, unknown>): Record<string, unknown> {
  const first = steps.findIndex((s) => Object.hasOwn(s, 'handoff'));
  const kept = steps.filter((s, i) => (Object.hasOwn(s, 'handoff') ? i === first : !Object.keys(s).some((k) => CUSTOMER_SIDE.has(k))));
  // The answers stay: the simulator recorded them, whichever client sent them.
  const { transcriptMessages: _t, ...recorded } = (expect.recorded ?? {}) as Record<string, unknown>;
  return { steps: kept, expect: { ...expect, recorded } };
}

/** The org and deployment the client exchanged its token with, where they are not the defaults a replay starts with. */
function clientOverrides(exchangedWith: { orgId?: string; esDeveloperName?: string } | undefined, record: SessionRecord): Record<string, string> {
  const out: Record<string, string> = {};
  if (exchangedWith?.orgId && exchangedWith.orgId.slice(0, 15) !== record.defaultOrgId) out.orgId = exchangedWith.orgId;
  if (exchangedWith?.esDeveloperName && exchangedWith.esDeveloperName !== record.defaultDeployment) out.esDeveloperName = exchangedWith.esDeveloperName;
  return out;
}
