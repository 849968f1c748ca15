import type { ChoiceOption, MessageContent } from '../content/messageContent.ts';

/** `1) Order  2) Billing`: the options numbered from 1, as a text-only channel shows them. */
export const numberedOptions = (options: readonly ChoiceOption[], separator: string): string => options.map((o, i) => `${i + 1}) ${o.title}`).join(separator);

/**
 * The whole message as text: what a text-only channel sends, and the `text` every `message`
 * event carries. Options are numbered; links and files are written as their URLs.
 */
export function messageText(content: MessageContent, separator: string): string {
  const lines = (...parts: Array<string | undefined>) => parts.filter((p): p is string => Boolean(p)).join('\n');
  const titled = (url: string, title?: string) => (title ? `${title}: ${url}` : url);
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'attachments':
      return lines(content.text, ...content.attachments.map((a) => (a.url ? titled(a.url, a.name) : `[attachment: ${a.name}]`)));
    case 'richLink':
    case 'webView':
      return titled(content.url, content.title);
    case 'choices':
      return lines(content.text, numberedOptions(content.options, separator));
    case 'form':
      return lines(`[Form] ${content.title ?? ''}`.trimEnd(), content.message);
    case 'unsupported':
      return `[${content.formatType ?? content.messageType}]`;
  }
}
