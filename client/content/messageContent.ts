import { z } from 'zod';
import { formInputs, type FormInput } from './formInputs.ts';

/** A file the rep sent: where to download it (`url`) and, when known, its size in bytes. */
export interface AttachmentItem {
  id?: string;
  name: string;
  mimeType: string;
  size?: number;
  url?: string;
}

/** One option of a choices message: `id` is Salesforce's `optionIdentifier`, what an answer names. */
export interface ChoiceOption {
  id: string;
  title: string;
  subtitle?: string;
  imageUrl?: string;
  /** The org's own option id (`optionId`), when it set one. */
  optionId?: string;
}

export type ChoicesFormat = 'Buttons' | 'QuickReplies' | 'Carousel';

/**
 * What a rep (or bot) message says, typed: one kind per Salesforce message and format type
 * (StaticContentMessage Text / Attachments / RichLink / WebView, ChoicesMessage, FormMessage).
 * A message this client cannot read (an unknown format, a malformed payload) is `unsupported`.
 */
export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'attachments'; text?: string; attachments: AttachmentItem[] }
  | { kind: 'richLink'; url: string; title?: string; imageUrl?: string }
  | { kind: 'webView'; url: string; title?: string }
  | { kind: 'choices'; format: ChoicesFormat; text?: string; options: ChoiceOption[] }
  | { kind: 'form'; title?: string; message?: string; submitLabel?: string; inputs: FormInput[]; form: Record<string, unknown> }
  | { kind: 'unsupported'; messageType: string; formatType?: string };

/** Only http(s) links reach a channel: a `javascript:` or `data:` URL from a payload is dropped. */
const webUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});
const optionalText = z.string().nullish().transform((v) => v || undefined);
const TitleItem = z.looseObject({ title: z.string().min(1), subTitle: optionalText });
const Image = z.looseObject({ assetUrl: webUrl });

const Attachment = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1).catch('file'),
  mimeType: z.string().min(1).catch('application/octet-stream'),
  size: z.number().int().nonnegative().optional().catch(undefined),
  url: webUrl.optional().catch(undefined),
});

const StaticContent = z.discriminatedUnion('formatType', [
  z.looseObject({ formatType: z.literal('Text'), text: z.string() }).transform((c): MessageContent => ({ kind: 'text', text: c.text })),
  z
    .looseObject({ formatType: z.literal('Attachments'), text: optionalText, attachments: z.array(Attachment).min(1) })
    .transform((c): MessageContent => ({ kind: 'attachments', ...(c.text ? { text: c.text } : {}), attachments: c.attachments.map(attachmentItem) })),
  z
    .looseObject({ formatType: z.literal('RichLink'), linkItem: z.looseObject({ url: webUrl, titleItem: TitleItem.optional().catch(undefined) }), image: Image.optional().catch(undefined) })
    .transform((c): MessageContent => ({ kind: 'richLink', url: c.linkItem.url, ...defined({ title: c.linkItem.titleItem?.title, imageUrl: c.image?.assetUrl }) })),
  z.looseObject({ formatType: z.literal('WebView'), url: webUrl, title: optionalText }).transform((c): MessageContent => ({ kind: 'webView', url: c.url, ...defined({ title: c.title }) })),
]);

const Option = z.looseObject({ titleItem: TitleItem, optionIdentifier: z.string().min(1), optionId: optionalText, image: Image.optional().catch(undefined) });
const Choices = z
  .looseObject({ formatType: z.enum(['Buttons', 'QuickReplies', 'Carousel']), text: optionalText, optionItems: z.array(Option).min(1) })
  .transform((c): MessageContent => ({
    kind: 'choices',
    format: c.formatType,
    ...defined({ text: c.text }),
    options: c.optionItems.map((o) => ({ id: o.optionIdentifier, title: o.titleItem.title, ...defined({ subtitle: o.titleItem.subTitle, imageUrl: o.image?.assetUrl, optionId: o.optionId }) })),
  }));
const Form = z
  .looseObject({ formatType: z.literal('Inputs'), formTitle: TitleItem.optional().catch(undefined), message: TitleItem.optional().catch(undefined), reply: TitleItem.optional().catch(undefined) })
  .transform((f): MessageContent => ({ kind: 'form', ...defined({ title: f.formTitle?.title, message: f.message?.title, submitLabel: f.reply?.title }), inputs: formInputs(f), form: f }));

const AbstractMessage = z.discriminatedUnion('messageType', [
  z.looseObject({ messageType: z.literal('StaticContentMessage'), staticContent: StaticContent }).transform((m) => m.staticContent),
  z.looseObject({ messageType: z.literal('ChoicesMessage'), choices: Choices }).transform((m) => m.choices),
  z.looseObject({ messageType: z.literal('FormMessage'), form: Form }).transform((m) => m.form),
]);

/** Read an `abstractMessage` from the event stream; never throws. */
export function toMessageContent(abstractMessage: unknown): MessageContent {
  const parsed = AbstractMessage.safeParse(abstractMessage);
  if (parsed.success) return parsed.data;
  const message = isRecord(abstractMessage) ? abstractMessage : {};
  const messageType = typeof message.messageType === 'string' ? message.messageType : 'message';
  const body = Object.values(message).find((v) => isRecord(v) && typeof v.formatType === 'string') as { formatType: string } | undefined;
  return { kind: 'unsupported', messageType, ...defined({ formatType: body?.formatType }) };
}

function attachmentItem(a: z.output<typeof Attachment>): AttachmentItem {
  return { ...defined({ id: a.id }), name: a.name, mimeType: a.mimeType, ...defined({ size: a.size, url: a.url }) };
}

/** The fields of `fields` that have a value: content never carries `undefined` keys. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
