import type { Conversation } from '../store/types.ts';
import type { PlacedStep } from './sessionTimeline.ts';

/** What the handoff client's `answer()` reads as an option's number (`2`, `2)`, `2.`): a title like that is given by its number instead. */
const NUMBER_LIKE = /^\d{1,3}[).]?$/;

/**
 * How a replay names the option a customer chose: by its title (what the file's reader
 * understands), or by its number when the title would not name it alone (two options with the
 * same title, or a title `answer()` would read as a number). The option's identifier itself is no
 * good: one the simulator made up for the rep's message differs on every run. Without the offered
 * message (refused, or the conversation not held), why it is not replayed.
 */
export function optionAnswer(conversations: readonly Conversation[], placed: PlacedStep): string | { notReplayed: string } {
  const conversation = conversations.find((c) => c.id === placed.conversationId);
  const entries = conversation?.entries ?? [];
  const at = entries.findIndex((e) => e.identifier === placed.messageId);
  const answered = entries[at];
  // What it names in reply, else (as the simulator reads it) the latest choices offered before it.
  const replyTo = answered?.entryType === 'Message' ? answered.inReplyToMessageId : undefined;
  const offered = replyTo ? entries.find((e) => e.identifier === replyTo) : entries.slice(0, Math.max(at, 0)).reverse().find((e) => e.entryType === 'Message' && e.message.messageType === 'ChoicesMessage');
  const options = offered?.entryType === 'Message' ? (offered.message.choices?.optionItems ?? []) : [];
  const index = options.findIndex((o) => o.optionIdentifier === placed.option);
  if (index < 0) return { notReplayed: `the end user's choice ${JSON.stringify(placed.option)}: the simulator did not record it as an answer to an offered choice` };
  const title = options[index]!.titleItem.title.trim();
  const alike = options.filter((o) => o.titleItem.title.trim().toLowerCase() === title.toLowerCase()).length;
  return title && alike === 1 && !NUMBER_LIKE.test(title) ? title : String(index + 1);
}

/** The timeline's `customerAnswers` step with the option named as a replay can: a plain string on the latest conversation. */
export function answerStep(step: Record<string, unknown>, option: string): Record<string, unknown> {
  const { conversation } = step.customerAnswers as { conversation?: number };
  return { customerAnswers: conversation ? { option, conversation } : option };
}
