import type { ChoiceOption, MessageContent } from '../content/messageContent.ts';
import { messageText } from './messageText.ts';
import type { RenderConfig } from './renderConfig.ts';
import type { MessagingChannel, RenderedFormat, RenderedMessage } from './rendered.ts';

export type Renderer = (content: MessageContent) => RenderedMessage;

/** The renderer of one channel, configured (see docs/rich-messages.md for the table). */
export function rendererFor(channel: MessagingChannel, config: RenderConfig): Renderer {
  switch (channel) {
    case 'web':
      return config.web.structured ? webRenderer : numberedRenderer('web', '  ');
    case 'whatsapp':
      return whatsappRenderer(config.whatsapp);
    case 'sms':
      return numberedRenderer('sms', config.sms.optionSeparator);
    case 'phone':
      return numberedRenderer('phone', config.phone.optionSeparator);
  }
}

const CHOICE_FORMATS = { Buttons: 'buttons', QuickReplies: 'quick-replies', Carousel: 'carousel' } as const;

/** Web chat: everything structured (buttons, cards, files, link cards, web views, forms). */
function webRenderer(content: MessageContent): RenderedMessage {
  const base = { channel: 'web' as const, text: messageText(content, '  '), acceptsTypedAnswer: false };
  switch (content.kind) {
    case 'attachments':
      return { ...base, format: 'files', files: content.attachments };
    case 'richLink':
      return { ...base, format: 'link-card', link: link(content) };
    case 'webView':
      return { ...base, format: 'web-view', link: link(content) };
    case 'choices':
      return { ...base, format: CHOICE_FORMATS[content.format], options: content.options.map(shown) };
    case 'form':
      return { ...base, format: 'form' };
    default:
      return { ...base, format: 'text' };
  }
}

/** WhatsApp: up to 3 reply buttons, else a list of up to 10 rows, else numbered text; files as media; links as text (WhatsApp previews them). */
function whatsappRenderer(config: RenderConfig['whatsapp']): Renderer {
  const numbered = numberedRenderer('whatsapp', '\n');
  return (content) => {
    const fitting = (max: number, titleMax: number) => content.kind === 'choices' && content.options.length <= max && content.options.every((o) => o.title.length <= titleMax);
    const base = { channel: 'whatsapp' as const, text: messageText(content, '\n'), acceptsTypedAnswer: content.kind === 'choices' };
    if (content.kind === 'choices' && fitting(config.maxReplyButtons, config.buttonTitleMax)) return { ...base, format: 'reply-buttons', options: content.options.map(shown) };
    if (content.kind === 'choices' && fitting(config.maxListRows, config.rowTitleMax)) return { ...base, format: 'list', options: content.options.map(shown), listButton: config.listButton };
    if (content.kind === 'attachments' && content.attachments.every((a) => a.url)) return { ...base, format: 'files', files: content.attachments };
    return numbered(content);
  };
}

/** SMS and phone (and any channel told so): numbered options, links and files as URLs, all text. */
function numberedRenderer(channel: MessagingChannel, separator: string): Renderer {
  return (content) => {
    const text = messageText(content, separator);
    if (content.kind !== 'choices') return { channel, format: 'text' satisfies RenderedFormat, text, acceptsTypedAnswer: false };
    return { channel, format: 'numbered', text, options: content.options.map((o, i) => ({ ...shown(o), number: i + 1 })), acceptsTypedAnswer: true };
  };
}

const shown = (o: ChoiceOption) => ({ id: o.id, title: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}), ...(o.imageUrl ? { imageUrl: o.imageUrl } : {}) });
const link = (c: { url: string; title?: string; imageUrl?: string }) => ({ url: c.url, ...(c.title ? { title: c.title } : {}), ...(c.imageUrl ? { imageUrl: c.imageUrl } : {}) });
