/** The parts of a message (a stored `MessageContent`, or the `abstractMessage` REST shows) that carry words. */
export interface MessageWords {
  messageType?: string;
  staticContent?: { text?: string };
  choices?: { text?: string };
}

/**
 * A message's words, as a scenario quotes them: the static content's text, else the choices'
 * text, else its type in brackets (`[FormMessage]`) for a message that has no words.
 */
export function messageText(message: MessageWords | undefined): string {
  return message?.staticContent?.text ?? message?.choices?.text ?? `[${message?.messageType ?? 'message'}]`;
}
