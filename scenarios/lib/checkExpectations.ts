import { linearRegex, messageText, type MessageWords } from '../../simulator/index.ts';
import type { ConversationMessages, ExpectedText } from './scenarioSchema.ts';
import type { LoadedScenario } from './loadScenarios.ts';
import type { Observed, RecordedConversation } from './observed.ts';
import { operationOf } from './miawOperations.ts';

export interface Mismatch {
  what: string;
  expected: unknown;
  seen: unknown;
}

const textMatches = (expected: ExpectedText, seen: string | undefined) =>
  seen !== undefined && (typeof expected === 'string' ? expected === seen : linearRegex(expected.matches).test(seen));
const textsMatch = (expected: ExpectedText[], seen: string[]) => expected.length === seen.length && expected.every((m, i) => textMatches(m, seen[i]));
/** A recorded message's words (the control API shows its `abstractMessage` as Salesforce does). */
const wordsOf = (entry: { entryPayload: object }) => messageText((entry.entryPayload as { abstractMessage?: MessageWords }).abstractMessage);

/** The title of each option the customer chose, looked up in the ChoicesMessage its answer names. */
function choicesAnswered(entries: RecordedConversation['entries']): string[] {
  return entries.flatMap((e) => {
    const answer = e.entryPayload.abstractMessage;
    if (e.sender.role !== 'EndUser' || answer?.messageType !== 'ChoicesResponseMessage') return [];
    const offered = entries.find((o) => o.identifier === answer.inReplyToMessageId)?.entryPayload.abstractMessage?.choices?.optionItems ?? [];
    return (answer.choicesResponse?.selectedOptions ?? []).map((s) => offered.find((o) => o.optionIdentifier === s.optionIdentifier)?.titleItem?.title ?? s.optionIdentifier);
  });
}

/**
 * The acks the customer's client sent (any answer, a fault's included) naming entries of `entryIds`,
 * by type: one per distinct ack `id` (a retried request repeats its ids and counts once; an ack
 * without an id counts each time). The simulator records an entry's receipt once whatever is
 * sent, so only what was sent shows a client that acknowledges twice.
 */
function acksSent(journal: Observed['journal'], entryIds: ReadonlySet<string>, type: 'Delivery' | 'Read'): string[] {
  const ids = new Set<string>();
  const sent: string[] = [];
  for (const r of journal) {
    if (r.method !== 'POST' || !r.path.endsWith('/acknowledge-entries') || r.path.startsWith('/__sim/')) continue;
    const acks = (r.request?.body as { acks?: unknown } | undefined)?.acks;
    for (const ack of Array.isArray(acks) ? (acks as Array<{ id?: unknown; entryType?: unknown; conversationEntryId?: unknown }>) : []) {
      if (ack?.entryType !== type || typeof ack.conversationEntryId !== 'string' || !entryIds.has(ack.conversationEntryId)) continue;
      if (typeof ack.id === 'string' && ids.has(ack.id)) continue;
      if (typeof ack.id === 'string') ids.add(ack.id);
      sent.push(ack.conversationEntryId);
    }
  }
  return sent;
}

type Check = (what: string, expected: unknown, actual: unknown, ok?: boolean) => void;

/** A conversation's messages against what is expected of them (the last one's, or the nth's: `where` says which). */
function checkMessages(check: Check, where: string, expected: ConversationMessages, entries: RecordedConversation['entries']): void {
  const messages = entries.filter((e) => e.entryType === 'Message');
  const endUserTexts = messages.filter((m) => m.sender.role === 'EndUser').map(wordsOf);
  if (expected.endUserMessages) check(`end user's messages recorded${where}`, expected.endUserMessages, endUserTexts, textsMatch(expected.endUserMessages, endUserTexts));
  const repTexts = messages.filter((m) => m.sender.role !== 'EndUser').map(wordsOf);
  if (expected.repMessages) check(`rep side's messages recorded${where}`, expected.repMessages, repTexts, textsMatch(expected.repMessages, repTexts));
  if (expected.answers) check(`choices the customer answered${where}`, expected.answers, choicesAnswered(entries));
  if (expected.endUserFiles) {
    const files = messages.filter((m) => m.sender.role === 'EndUser').flatMap((m) => m.entryPayload.abstractMessage?.staticContent?.attachments ?? []);
    // Each file as much as expected names: its size only where the expectation gives one.
    const seenFiles = files.map((f, i) => ({ name: f.name, mimeType: f.mimeType, ...(expected.endUserFiles?.[i]?.size === undefined ? {} : { size: f.size }) }));
    check(`files the end user sent${where}`, expected.endUserFiles, seenFiles);
  }
  if (expected.formAnswers) check(`forms the customer filled in${where}`, expected.formAnswers, formsAnswered(entries));
}

/** The values of each form the customer filled in (a FormResponse's `result`), in order. */
function formsAnswered(entries: RecordedConversation['entries']): unknown[] {
  return entries.flatMap((e) => {
    const answer = e.entryPayload.abstractMessage;
    return e.sender.role === 'EndUser' && answer?.messageType === 'FormResponseMessage' ? [answer.formResponse?.result ?? {}] : [];
  });
}

/** Compare what a run saw with what the scenario expects; every difference is one mismatch. */
export function checkExpectations(scenario: LoadedScenario, seen: Observed): Mismatch[] {
  const out: Mismatch[] = [];
  const check: Check = (what, expected, actual, ok = JSON.stringify(expected) === JSON.stringify(actual)) => {
    if (!ok) out.push({ what, expected, seen: actual });
  };
  for (const problem of seen.problems) out.push({ what: 'scenario ran cleanly', expected: 'no problems', seen: problem });

  const { recorded, sink, journal, stream, client } = scenario.expect;
  const handoff: Partial<NonNullable<typeof scenario.expect.handoff>> = scenario.expect.handoff ?? {};
  if (handoff.outcome) check('handoff outcome', handoff.outcome, seen.outcome);
  if (client) check('client exit code', client.exitCode, seen.client?.exitCode ?? null);
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
  if (recorded) checkMessages(check, '', recorded, entries);
  if (recorded?.duplicateMessages !== undefined) {
    const said = messages.map((m) => `${m.sender.role}: ${wordsOf(m)}`);
    const again = said.filter((m, i) => said.indexOf(m) < i);
    check('messages recorded twice', recorded.duplicateMessages, again, again.length === recorded.duplicateMessages);
  }
  if (recorded?.status) check('conversation status', recorded.status, conversation?.status);
  if (recorded?.cases !== undefined) check('Email Cases recorded', recorded.cases, seen.cases.length);
  if (recorded?.transcriptEmails !== undefined) check('transcript emails on the cases', recorded.transcriptEmails, seen.cases.flatMap((c) => c.emails.filter((e) => e.Incoming)).length);
  if (recorded?.queue) check('queue', recorded.queue, conversation?.sessions?.at(-1)?.queue);
  if (recorded?.receipts) {
    const acks = (type: string) => entries.filter((e) => e.entryType === type && e.sender.role === 'EndUser').map((e) => e.relatedRecords?.[0]);
    const entryIds = new Set(entries.map((e) => e.identifier));
    for (const [name, type, ackType] of [['delivered', 'DeliveryAcknowledgement', 'Delivery'], ['read', 'ReadAcknowledgement', 'Read']] as const) {
      const expected = recorded.receipts[name];
      if (expected === undefined) continue;
      const seenAcks = acks(type);
      const sent = acksSent(seen.journal, entryIds, ackType);
      const once = (list: unknown[]) => list.length === expected && new Set(list).size === expected;
      check(`rep messages acknowledged as ${name}, each once`, expected, `${new Set(seenAcks).size} (${seenAcks.length} acks recorded, ${sent.length} sent)`, once(seenAcks) && once(sent));
    }
  }
  if (recorded?.routingFailure !== undefined) {
    const failed = entries.some((e) => e.entryType === 'RoutingResult' && e.entryPayload.failureType !== 'None');
    check('routing failure recorded', recorded.routingFailure, failed);
  }

  for (const [i, expected] of (scenario.expect.conversations ?? []).entries()) {
    const each = seen.each?.[i];
    if (!each) check(`conversation ${i + 1} recorded`, 'a conversation', seen.eachMissing?.[i] ?? 'none');
    else checkMessages(check, ` (conversation ${i + 1})`, expected, each.entries);
  }

  const sinkMessages = seen.sink.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  if (sink?.messages) check('messages delivered to the channel', sink.messages, sinkMessages, textsMatch(sink.messages, sinkMessages));
  if (sink?.events) check('events delivered to the channel', sink.events, seen.sink.map((e) => e.type));
  const delivered = seen.sink.flatMap((e) => (e.type === 'message' ? [e] : []));
  if (sink?.contents) check("rep messages' content kinds", sink.contents, delivered.map((e) => e.content.kind));
  if (sink?.renderedFormats) check("rep messages' rendering on the channel", sink.renderedFormats, delivered.map((e) => e.rendered.format));
  if (sink?.participants) check('participant changes delivered', sink.participants, seen.sink.flatMap((e) => (e.type === 'participant' ? [`${e.operation}:${e.name}`] : [])));
  if (sink?.participantRoles) check("participant changes' roles", sink.participantRoles, seen.sink.flatMap((e) => (e.type === 'participant' ? [`${e.operation}:${e.role}`] : [])));
  if (sink?.senderRoles) check("message senders' roles", sink.senderRoles, seen.sink.flatMap((e) => (e.type === 'message' ? [e.senderRole] : [])));

  const data = seen.journal.filter((r) => !r.path.startsWith('/__sim/'));
  if (journal?.tokenExchanges !== undefined) check('token exchanges', journal.tokenExchanges, data.filter((r) => r.path.endsWith('/access-token') && r.method === 'POST').length);
  if (journal?.messageStatuses) check('POST .../message statuses', journal.messageStatuses, data.filter((r) => r.method === 'POST' && r.path.endsWith('/message')).map((r) => r.status));
  if (journal?.faultsServed !== undefined) check('faults served', journal.faultsServed, data.filter((r) => r.fault).length);
  for (const [operation, calls] of Object.entries(journal?.calls ?? {})) check(`calls to ${operation}`, calls, data.filter((r) => operationOf(r) === operation).length);
  if (stream?.reconnectsAtLeast !== undefined) check('stream reconnects at least', stream.reconnectsAtLeast, seen.handoff?.stream.reconnects ?? 0, (seen.handoff?.stream.reconnects ?? 0) >= stream.reconnectsAtLeast);
  if (stream?.stallsAtLeast !== undefined) check('stalled streams reconnected at least', stream.stallsAtLeast, seen.handoff?.stream.stalls ?? 0, (seen.handoff?.stream.stalls ?? 0) >= stream.stallsAtLeast);
  return out;
}
