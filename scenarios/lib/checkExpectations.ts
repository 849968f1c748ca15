import { linearRegex } from '../../simulator/index.ts';
import type { ExpectedText } from './scenarioSchema.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { Observed } from './scenarioRun.ts';

export interface Mismatch {
  what: string;
  expected: unknown;
  seen: unknown;
}

const textMatches = (expected: ExpectedText, seen: string | undefined) =>
  seen !== undefined && (typeof expected === 'string' ? expected === seen : linearRegex(expected.matches).test(seen));

/** Compare what a run saw with what the scenario expects; every difference is one mismatch. */
export function checkExpectations(scenario: LoadedScenario, seen: Observed): Mismatch[] {
  const out: Mismatch[] = [];
  const check = (what: string, expected: unknown, actual: unknown, ok = JSON.stringify(expected) === JSON.stringify(actual)) => {
    if (!ok) out.push({ what, expected, seen: actual });
  };
  for (const problem of seen.problems) out.push({ what: 'scenario ran cleanly', expected: 'no problems', seen: problem });

  const { handoff, recorded, sink, journal, stream } = scenario.expect;
  check('handoff outcome', handoff.outcome, seen.outcome);
  if (handoff.error) {
    check('error class', handoff.error.class, seen.error?.class);
    if (handoff.error.status !== undefined) check('error status', handoff.error.status, seen.error?.status);
    if (handoff.error.hint) check('error hint contains', handoff.error.hint, seen.error?.hint, Boolean(seen.error?.hint.includes(handoff.error.hint)));
  }
  for (const [step, attempts] of Object.entries(handoff.attempts ?? {})) {
    check(`attempts of ${step}`, attempts, Math.max(1, ...seen.steps.filter((s) => s.step === step && s.attempt).map((s) => s.attempt!)));
  }
  const delays = seen.steps.filter((s) => s.status === 'retrying').map((s) => s.delayMs);
  if (handoff.retryDelays === 'increasing') check('retry delays increasing', 'strictly increasing, at least one', delays, delays.length > 0 && delays.every((d, i) => i === 0 || d! > delays[i - 1]!));
  else if (handoff.retryDelays) check('retry delays (ms)', handoff.retryDelays, delays);

  const conversation = seen.recorded;
  const entries = conversation?.entries ?? [];
  const messages = entries.filter((e) => e.entryType === 'Message');
  if (recorded?.conversations !== undefined) check('conversations recorded', recorded.conversations, seen.conversations.length);
  const attributes = conversation?.routingAttributes ?? {};
  for (const [name, value] of Object.entries(recorded?.routingAttributes ?? {})) check(`routing attribute ${name}`, value, Object.hasOwn(attributes, name) ? attributes[name] : undefined);
  if (recorded?.unmappedAttributes) check('unmapped routing attributes', recorded.unmappedAttributes, conversation?.unmappedAttributes ?? []);
  if (recorded?.sessions !== undefined) check('messaging sessions', recorded.sessions, conversation?.sessions?.length ?? 0);
  if (recorded?.transcriptMessages !== undefined) check('transcript messages', recorded.transcriptMessages, messages.filter((m) => seen.handoff?.transcriptMessageIds.includes(m.identifier)).length);
  if (recorded?.customerMessages !== undefined) check('customer messages', recorded.customerMessages, messages.filter((m) => m.sender.role === 'EndUser').length);
  if (recorded?.status) check('conversation status', recorded.status, conversation?.status);
  if (recorded?.cases !== undefined) check('Email Cases recorded', recorded.cases, seen.cases.length);
  if (recorded?.transcriptEmails !== undefined) check('transcript emails on the cases', recorded.transcriptEmails, seen.cases.flatMap((c) => c.emails.filter((e) => e.Incoming)).length);
  if (recorded?.queue) check('queue', recorded.queue, conversation?.sessions?.at(-1)?.queue);
  if (recorded?.routingFailure !== undefined) {
    const failed = entries.some((e) => e.entryType === 'RoutingResult' && e.entryPayload.failureType !== 'None');
    check('routing failure recorded', recorded.routingFailure, failed);
  }

  const sinkMessages = seen.sink.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  if (sink?.messages) check('messages delivered to the channel', sink.messages, sinkMessages, sink.messages.length === sinkMessages.length && sink.messages.every((m, i) => textMatches(m, sinkMessages[i])));
  if (sink?.events) check('events delivered to the channel', sink.events, seen.sink.map((e) => e.type));
  if (sink?.participants) check('participant changes delivered', sink.participants, seen.sink.flatMap((e) => (e.type === 'participant' ? [`${e.operation}:${e.name}`] : [])));
  if (sink?.participantRoles) check("participant changes' roles", sink.participantRoles, seen.sink.flatMap((e) => (e.type === 'participant' ? [`${e.operation}:${e.role}`] : [])));
  if (sink?.senderRoles) check("message senders' roles", sink.senderRoles, seen.sink.flatMap((e) => (e.type === 'message' ? [e.senderRole] : [])));

  const data = seen.journal.filter((r) => !r.path.startsWith('/__sim/'));
  if (journal?.tokenExchanges !== undefined) check('token exchanges', journal.tokenExchanges, data.filter((r) => r.path.endsWith('/access-token') && r.method === 'POST').length);
  if (journal?.messageStatuses) check('POST .../message statuses', journal.messageStatuses, data.filter((r) => r.method === 'POST' && r.path.endsWith('/message')).map((r) => r.status));
  if (journal?.faultsServed !== undefined) check('faults served', journal.faultsServed, data.filter((r) => r.fault).length);
  if (stream?.reconnectsAtLeast !== undefined) check('stream reconnects at least', stream.reconnectsAtLeast, seen.handoff?.stream.reconnects ?? 0, (seen.handoff?.stream.reconnects ?? 0) >= stream.reconnectsAtLeast);
  if (stream?.stallsAtLeast !== undefined) check('stalled streams reconnected at least', stream.stallsAtLeast, seen.handoff?.stream.stalls ?? 0, (seen.handoff?.stream.stalls ?? 0) >= stream.stallsAtLeast);
  return out;
}
