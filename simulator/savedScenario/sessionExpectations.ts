import { isTranscriptText } from '../../client/transcript.ts';
import { messageText } from '../serialize/messageText.ts';
import { ownValue } from '../shared/ownValue.ts';
import type { Conversation, Entry, JournalRecord } from '../store/types.ts';
import { filesExpected } from './customerFiles.ts';
import { field } from './sessionTimeline.ts';

/**
 * Routing attributes that differ on every run of the same client: the session id it makes up, and
 * the customer's name (a replay hands off a made-up customer). Everything else is expected as recorded.
 */
const PER_RUN_ATTRIBUTES = new Set(['OpencxSessionId', '_firstName', '_lastName']);
const CHANNELS = new Set(['web', 'whatsapp', 'sms', 'phone']);

type MessageEntry = Extract<Entry, { entryType: 'Message' }>;
const messagesOf = (c: Conversation) => c.entries.filter((e): e is MessageEntry => e.entryType === 'Message');
const fromEndUser = (e: Entry) => e.sender.role === 'EndUser';

/** An RE2 pattern matching `text` literally. */
const literal = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** The strings of a JSON object (what a journal body holds), nothing inherited. */
const strings = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/**
 * The `handoff` step that makes the handoff client send these routing attributes again: its
 * channel, language, priority and whether the customer is authenticated (the client's own mapping,
 * read backwards). From the conversation recorded, or (when the create was refused) from what the
 * client sent to create it.
 */
export function handoffSpec(conversation: Conversation | undefined, createBody: unknown): Record<string, unknown> {
  const attributes = conversation?.sessions[0]?.routingAttributes ?? strings(field(createBody, 'routingAttributes'));
  const attribute = (name: string) => ownValue(attributes, name);
  const channel = attribute('Channel')?.toLowerCase();
  const language = conversation?.language ?? strings(createBody).language ?? attribute('Chat_language');
  const priority = attribute('Priority');
  return {
    ...(channel && CHANNELS.has(channel) ? { channel } : {}),
    ...(language ? { language } : {}),
    ...(priority && priority !== 'Low' ? { priority } : {}),
    ...(attribute('Chat_Consumer_Type') === 'Non-Authenticated' ? { authenticated: false } : {}),
  };
}

/** How many of the rep side's messages were recorded before a step: the sink must have them before the step runs. */
export function repMessagesBefore(conversations: readonly Conversation[], at: number, anchor?: { conversationId?: string; messageId?: string }): number {
  let count = 0;
  for (const c of conversations) {
    const anchored = c.id === anchor?.conversationId && anchor.messageId ? c.entries.findIndex((e) => e.identifier === anchor.messageId) : -1;
    const before = anchored >= 0 ? c.entries.slice(0, anchored) : c.entries.filter((e) => e.transcriptedTimestamp < at);
    count += before.filter((e) => e.entryType === 'Message' && !fromEndUser(e)).length;
  }
  return count;
}

export const repMessageCount = (conversations: readonly Conversation[]) => conversations.reduce((n, c) => n + messagesOf(c).filter((e) => !fromEndUser(e)).length, 0);

/**
 * What the file expects: the handoff's outcome; what the simulator recorded on the last
 * conversation (the one a scenario run looks at) and how many there were; and what the journal
 * saw on the data plane (token exchanges, message statuses, faults served).
 */
export function expectationsFor(conversations: readonly Conversation[], lastHandoff: string | undefined, dataPlane: readonly JournalRecord[], closedByEndUser: ReadonlySet<string>): Record<string, unknown> {
  const last = conversations.find((c) => c.id === lastHandoff);
  const journal = {
    tokenExchanges: dataPlane.filter((r) => r.method === 'POST' && r.path.endsWith('/access-token')).length,
    messageStatuses: dataPlane.filter((r) => r.method === 'POST' && r.path.endsWith('/message')).map((r) => r.status),
    faultsServed: dataPlane.filter((r) => r.fault).length,
  };
  const handoff = { outcome: last && messagesOf(last).some(fromEndUser) ? 'completed' : 'failed' };
  if (!last) return { handoff, recorded: { conversations: conversations.length }, journal };
  const session = last.sessions.at(-1);
  const endUser = messagesOf(last).filter(fromEndUser).map((e) => messageText(e.message));
  const recorded = {
    conversations: conversations.length,
    routingAttributes: Object.fromEntries(Object.entries(session?.routingAttributes ?? {}).filter(([name]) => !PER_RUN_ATTRIBUTES.has(name))),
    sessions: last.sessions.length,
    transcriptMessages: endUser.filter(isTranscriptText).length,
    customerMessages: endUser.length,
    ...messagesExpected(last),
    ...(session?.queue ? { queue: session.queue } : {}),
    routingFailure: last.entries.some((e) => e.entryType === 'RoutingResult' && Boolean(e.routing.failureReason)),
    ...(closedByEndUser.has(last.id) ? {} : { status: last.status }),
  };
  // With more than one, what each recorded: a message to an earlier one, or an answer there, is checked there.
  return { handoff, recorded, journal, ...(conversations.length > 1 ? { conversations: conversations.map(messagesExpected) } : {}) };
}

/**
 * What a conversation's messages say: the end user's (the transcript by its first line: its words
 * change with the customer and the time) and the rep side's, and the customer's answers, choices
 * by their option's title and forms by their values.
 */
function messagesExpected(c: Conversation): Record<string, unknown> {
  const messages = messagesOf(c);
  const endUser = messages.filter(fromEndUser);
  const answers = endUser.flatMap((e) => (e.message.messageType === 'ChoicesResponseMessage' ? chosenTitles(c, e) : []));
  const formAnswers = endUser.flatMap((e) => (e.message.messageType === 'FormResponseMessage' ? [field(e.message.formResponse, 'result') ?? {}] : []));
  const endUserFiles = filesExpected(c);
  return {
    endUserMessages: endUser.map((e) => messageText(e.message)).map((said) => (isTranscriptText(said) ? { matches: `^${literal(said.slice(0, said.indexOf('\n')))}` } : said)),
    repMessages: messages.filter((e) => !fromEndUser(e)).map((e) => messageText(e.message)),
    ...(answers.length ? { answers } : {}),
    ...(formAnswers.length ? { formAnswers } : {}),
    ...(endUserFiles.length ? { endUserFiles } : {}),
  };
}

/** The titles of the options a ChoicesResponse selected, from the ChoicesMessage it answers (as the scenario runner reads them). */
function chosenTitles(c: Conversation, answer: MessageEntry): string[] {
  const offered = c.entries.find((e) => e.identifier === answer.inReplyToMessageId);
  const options = offered?.entryType === 'Message' ? (offered.message.choices?.optionItems ?? []) : [];
  const selected = field(answer.message.choicesResponse, 'selectedOptions');
  return (Array.isArray(selected) ? selected : []).map((s) => {
    const id = field(s, 'optionIdentifier');
    return options.find((o) => o.optionIdentifier === id)?.titleItem.title ?? String(id);
  });
}
