import type { Attachment, Conversation, Entry } from '../store/types.ts';
import type { PlacedStep } from './sessionTimeline.ts';

/** The most a `customerSendsFile` step's `sizeBytes` may ask for (the handoff client's default limit). */
const STEP_MAX_BYTES = 5 * 1024 * 1024;

type MessageEntry = Extract<Entry, { entryType: 'Message' }>;

/** The files the end user sent on a conversation, in the order the simulator recorded them, with the message each came in. */
export function endUserFiles(c: Conversation | undefined): Array<{ entry: MessageEntry; file: Attachment }> {
  return (c?.entries ?? []).flatMap((e) => (e.entryType === 'Message' && e.sender.role === 'EndUser' ? (e.message.staticContent?.attachments ?? []).map((file) => ({ entry: e, file })) : []));
}

/** What `expect.endUserFiles` holds for a conversation: each file's name, MIME type and size, in order. */
export const filesExpected = (c: Conversation) => endUserFiles(c).map(({ file }) => ({ name: file.name, mimeType: file.mimeType, ...(file.size === undefined ? {} : { size: file.size }) }));

/**
 * The `customerSendsFile` step for the `nth` upload the journal shows on a conversation (from 0),
 * from the file the simulator recorded: its name, type and size (the bytes are not kept, so a
 * replay sends that many zero bytes) and its caption. The message it came in anchors the wait
 * before it. Undefined for an upload answered twice (a retry of one the simulator already had).
 */
export function fileStep(conversations: readonly Conversation[], placed: PlacedStep, nth: number): { step: Record<string, unknown>; messageId: string } | { notReplayed: string } | undefined {
  const sent = endUserFiles(conversations.find((c) => c.id === placed.conversationId))[nth];
  if (!sent) return undefined;
  const { file, entry } = sent;
  if (!file.size || file.size > STEP_MAX_BYTES) return { notReplayed: `the end user's file ${JSON.stringify(file.name)}: ${file.size ? `${file.size} bytes, more than a replay sends (${STEP_MAX_BYTES})` : 'its size was not recorded'}` };
  const caption = entry.message.staticContent?.text;
  const on = placed.step.customerSendsFile as Record<string, unknown>;
  return { step: { customerSendsFile: { name: file.name, mimeType: file.mimeType, sizeBytes: file.size, ...(caption ? { text: caption } : {}), ...on } }, messageId: entry.identifier };
}
