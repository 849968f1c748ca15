import { z } from 'zod';
import { ATTACHMENT_NAME_MAX_CHARS, MIME_TYPE_MAX_CHARS, tooLong } from '../../shared/attachmentLimits.ts';
import { HTTP_URL_EXPECTED, isHttpUrl } from '../../shared/httpUrl.ts';
import { isLowerCaseUuid, newUuid } from '../../shared/ids.ts';
import type { ChoicesContent, FormContent, MessageContent, OptionItem, TitleItem } from '../../store/types.ts';

/**
 * The `abstractMessage` a rep (or bot) sends, as Salesforce documents it
 * (developer.salesforce.com/docs/service/messaging-api/references/about/message-types-payloads-*):
 * one schema per message type, then per format type. Ids are filled in when absent and the
 * optional fields Salesforce writes as `null` are written so. Fields beyond the documented core are
 * kept as they came (clients must tolerate what they do not render), never checked.
 */

const uuid = (what: string) => z.string({ error: `must be ${what} (a lower-case UUID)` }).refine(isLowerCaseUuid, `must be ${what} (a lower-case UUID)`);
const nonEmpty = (what: string) => z.string({ error: `is required: ${what}` }).min(1, 'must not be empty');
const nullableText = z.string({ error: 'must be a string or null' }).nullable().default(null);
const httpUrl = (what: string) => nonEmpty(what).refine(isHttpUrl, HTTP_URL_EXPECTED);
const mimeType = (what: string) => nonEmpty(what).max(MIME_TYPE_MAX_CHARS, tooLong(MIME_TYPE_MAX_CHARS, 'the MIME type'));
const loose = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape).catchall(z.unknown());

/** `TitleItem`: only `title` is required. */
export const TitleItemInput = loose({
  itemType: z.literal('TitleItem', { error: 'must be TitleItem' }).default('TitleItem'),
  title: nonEmpty('the title shown'),
  subTitle: nullableText,
  secondarySubTitle: nullableText,
  tertiarySubTitle: nullableText,
  referenceId: nullableText,
}).transform((t): TitleItem => t);

/** An `ImageAsset` (RichLink image, Carousel item image). */
const ImageAsset = loose({
  assetType: z.literal('ImageAsset', { error: 'must be ImageAsset' }).default('ImageAsset'),
  id: uuid('the asset id').optional(),
  mimeType: mimeType('the image MIME type, e.g. image/png'),
  assetUrl: httpUrl('the image URL'),
  description: nullableText,
}).transform((a) => ({ ...a, id: a.id ?? newUuid() }));

const OptionItemInput = loose({
  itemType: nonEmpty('the option item type, e.g. TitleOptionItem').default('TitleOptionItem'),
  titleItem: TitleItemInput,
  optionIdentifier: uuid('the option identifier the end user answers with').optional(),
  optionId: nullableText,
  image: ImageAsset.optional(),
}).transform((o): OptionItem => ({ ...o, optionIdentifier: o.optionIdentifier ?? newUuid() }));

const optionItems = z
  .array(OptionItemInput, { error: 'is required: the options offered (an array)' })
  .min(1, 'must offer at least one option')
  .max(100)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.optionIdentifier)) ctx.addIssue({ code: 'custom', path: [i, 'optionIdentifier'], message: 'must differ from every other option\'s' });
      seen.add(item.optionIdentifier);
    });
  });

/** Files a message carries (Attachments), or links to files kept elsewhere (ExternalAttachments): each downloaded from its `url`. */
const files = (format: 'Attachments' | 'ExternalAttachments') =>
  loose({
    formatType: z.literal(format),
    text: z.string({ error: 'must be a string' }).max(32_000).optional(),
    attachments: z
      .array(loose({ id: uuid('the attachment id').optional(), name: nonEmpty('the file name').max(ATTACHMENT_NAME_MAX_CHARS, tooLong(ATTACHMENT_NAME_MAX_CHARS, 'the file name')), mimeType: mimeType('the MIME type'), url: httpUrl('where the file is downloaded') }).transform((a) => ({ ...a, id: a.id ?? newUuid() })), { error: 'is required: the files (an array)' })
      .min(1, 'must contain at least one attachment')
      .max(10),
  });

/** StaticContentMessage: Text, Attachments, ExternalAttachments, RichLink, WebView (message-types-format-types). */
const StaticContent = z.discriminatedUnion(
  'formatType',
  [
    loose({ formatType: z.literal('Text'), text: nonEmpty('what the rep says').max(32_000) }),
    files('Attachments'),
    files('ExternalAttachments'),
    loose({ formatType: z.literal('RichLink'), linkItem: loose({ url: httpUrl('the link URL'), titleItem: TitleItemInput.optional() }), image: ImageAsset.optional() }),
    loose({ formatType: z.literal('WebView'), url: httpUrl('the page the web view opens'), title: z.string({ error: 'must be a string' }).optional() }),
  ],
  { error: 'must be Text, Attachments, ExternalAttachments, RichLink or WebView' },
);

const Choices = loose({
  formatType: z.enum(['Buttons', 'QuickReplies', 'Carousel'], { error: 'must be Buttons, QuickReplies or Carousel' }),
  text: z.string({ error: 'must be a string' }).max(32_000).optional(),
  optionItems,
}).transform((c): ChoicesContent => c);

/** The kinds of input a form section holds; the selects answer with option identifiers. */
export const FORM_INPUT_TYPES = ['Text', 'Email', 'Phone', 'Number', 'Date', 'SingleSelect', 'MultiSelect'] as const;

/**
 * One input of a form: the end user's FormResponse answers it under its `name`. Selects offer
 * `optionItems` like a ChoicesMessage and are answered with their `optionIdentifier`s.
 */
export const FormInputSchema = loose({
  name: nonEmpty('the input name the answer is keyed by').max(255),
  inputType: z.enum(FORM_INPUT_TYPES, { error: `must be one of ${FORM_INPUT_TYPES.join(', ')}` }).default('Text'),
  label: TitleItemInput.optional(),
  required: z.boolean({ error: 'must be true or false' }).default(false),
  optionItems: optionItems.optional(),
}).superRefine((input, ctx) => {
  const select = input.inputType === 'SingleSelect' || input.inputType === 'MultiSelect';
  if (select && !input.optionItems) ctx.addIssue({ code: 'custom', path: ['optionItems'], message: `is required: the options a ${input.inputType} offers` });
  if (!select && input.optionItems) ctx.addIssue({ code: 'custom', path: ['optionItems'], message: 'only SingleSelect and MultiSelect inputs offer options' });
});
export type FormInput = z.infer<typeof FormInputSchema>;

/** A form's sections, each with its inputs; input names are unique across the form. */
export const FormSectionsSchema = z
  .array(loose({ inputs: z.array(FormInputSchema, { error: 'is required: the inputs of the section (an array)' }).min(1, 'must hold at least one input').max(50) }), { error: 'must be an array of sections' })
  .max(20)
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((section, s) =>
      section.inputs.forEach((input, i) => {
        if (seen.has(input.name)) ctx.addIssue({ code: 'custom', path: [s, 'inputs', i, 'name'], message: `must differ from every other input's (${input.name} is used twice)` });
        seen.add(input.name);
      }),
    );
  });

/** A form (format Inputs): its head as Salesforce documents it, and its sections' inputs checked so answers can be. */
const Form = loose({
  formatType: z.literal('Inputs', { error: 'must be Inputs' }),
  formTitle: TitleItemInput.optional(),
  message: TitleItemInput.optional(),
  reply: TitleItemInput.optional(),
  sections: FormSectionsSchema.optional(),
}).transform((f): FormContent => f);

const common = { id: uuid('the message id').optional(), inReplyToMessageId: uuid('the id of the message this answers').optional() };

/** A rep's `abstractMessage`, checked and filled in: its id (if given), content and what it answers. */
export const RepAbstractMessage = z
  .discriminatedUnion(
    'messageType',
    [
      z.object({ ...common, messageType: z.literal('StaticContentMessage'), staticContent: StaticContent }),
      z.object({ ...common, messageType: z.literal('ChoicesMessage'), choices: Choices }),
      z.object({ ...common, messageType: z.literal('FormMessage'), form: Form }),
    ],
    { error: 'must be StaticContentMessage, ChoicesMessage or FormMessage' },
  )
  .transform(({ id, inReplyToMessageId, ...content }) => ({ id, inReplyToMessageId: inReplyToMessageId ?? null, content: content as MessageContent }));

export type RepAbstractMessage = z.infer<typeof RepAbstractMessage>;
