import { randomUUID } from 'node:crypto';
import type { ChoiceOption, MessageContent } from './content/messageContent.ts';
import type { RenderedMessage } from './render/rendered.ts';
import type { RepEvent } from './types.ts';

type MessageEvent = Extract<RepEvent, { type: 'message' }>;

/** A message to send as the end user: its fixed id and the `abstractMessage` fields Salesforce takes. */
export interface OutgoingMessage {
  id: string;
  body: Record<string, unknown>;
  /** The option the message answers, when it is a choice. */
  answered?: { optionId: string; title: string };
}

/** An option's number typed back (trimmed first): `2`, `2)` or `2.`. One pass, no backtracking on a customer's text. */
const NUMBER = /^(\d{1,3})[).]?$/;

/**
 * What the customer's replies answer: the rep's last choices or form message delivered, until it
 * is answered or another one replaces it. A reply that names an option (its id, or on a channel
 * that shows typed options its number or title, case-insensitive) becomes a ChoicesResponse;
 * anything else goes as plain text.
 */
export class CustomerAnswers {
  private open?: { entryId: string; content: Extract<MessageContent, { kind: 'choices' | 'form' }>; rendered: RenderedMessage };

  /** The sink delivered `event`: a choices or form message becomes the open question. */
  offered(event: MessageEvent): void {
    if (event.content.kind === 'choices' || event.content.kind === 'form') this.open = { entryId: event.entryId, content: event.content, rendered: event.rendered };
  }

  /**
   * The message for what the customer wrote. `typed`: a reply on the channel (matches numbers and
   * titles only where the channel showed typed options); `answer`: the platform says it answers
   * (matches option ids, numbers and titles whatever the channel).
   */
  messageFor(input: string, mode: 'typed' | 'answer'): OutgoingMessage {
    const option = this.match(input, mode);
    const question = this.open;
    if (!option || !question) return { id: randomUUID(), body: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: input } } };
    const selected = { optionIdentifier: option.id, ...(option.optionId ? { optionId: option.optionId } : {}), optionTitle: option.title };
    return {
      id: randomUUID(),
      body: { messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [selected] }, inReplyToMessageId: question.entryId },
      answered: { optionId: option.id, title: option.title },
    };
  }

  /** A FormResponse for the open form with the customer's values; undefined when no form waits for an answer. */
  formMessage(values: Record<string, unknown>): OutgoingMessage | undefined {
    if (this.open?.content.kind !== 'form') return undefined;
    return { id: randomUUID(), body: { messageType: 'FormResponseMessage', formResponse: { formatType: 'Result', result: values }, inReplyToMessageId: this.open.entryId } };
  }

  /** The open question was answered (sent): later replies are plain text again. */
  answered(): void {
    this.open = undefined;
  }

  private match(input: string, mode: 'typed' | 'answer'): ChoiceOption | undefined {
    if (this.open?.content.kind !== 'choices') return undefined;
    const { content, rendered } = this.open;
    if (mode === 'answer') {
      const byId = content.options.find((o) => o.id === input);
      if (byId) return byId;
    } else if (!rendered.acceptsTypedAnswer) {
      return undefined;
    }
    const wanted = input.trim().toLowerCase();
    const number = NUMBER.exec(wanted)?.[1];
    const numbered = mode === 'answer' || rendered.options?.some((o) => o.number !== undefined);
    if (number && numbered) return content.options[Number(number) - 1];
    return wanted ? content.options.find((o) => o.title.trim().toLowerCase() === wanted) : undefined;
  }
}
