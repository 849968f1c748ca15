/**
 * One rep message of every type and format Salesforce documents, as `abstractMessage` bodies the
 * control API takes (`POST /__sim/v1/conversations/:id/messages` with `{message}`): shared by the
 * client's content, rendering and end-to-end tests.
 */
export const ORDER = '11111111-1111-4111-8111-111111111111';
export const BILLING = '22222222-2222-4222-8222-222222222222';

const title = (t: string, subTitle: string | null = null) => ({ itemType: 'TitleItem', title: t, subTitle, secondarySubTitle: null, tertiarySubTitle: null, referenceId: null });
const option = (id: string, t: string, extra: Record<string, unknown> = {}) => ({ itemType: 'TitleOptionItem', titleItem: title(t), optionIdentifier: id, optionId: null, ...extra });
const choices = (formatType: string, optionItems: unknown[], text = 'What is it about?') => ({ messageType: 'ChoicesMessage', choices: { formatType, text, optionItems } });
const many = (n: number) => Array.from({ length: n }, (_, i) => option(`00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, `Topic ${i + 1}`));

export const RICH_MESSAGES: Record<string, Record<string, unknown>> = {
  text: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Hi, I am Alex.' } },
  attachments: {
    messageType: 'StaticContentMessage',
    staticContent: {
      formatType: 'Attachments',
      text: 'Your invoice',
      attachments: [{ id: '33333333-3333-4333-8333-333333333333', name: 'invoice.pdf', mimeType: 'application/pdf', url: 'https://files.example.com/invoice.pdf', size: 2048 }],
    },
  },
  richLink: {
    messageType: 'StaticContentMessage',
    staticContent: { formatType: 'RichLink', linkItem: { url: 'https://help.example.com/returns', titleItem: title('Returns policy') }, image: { assetType: 'ImageAsset', id: '44444444-4444-4444-8444-444444444444', mimeType: 'image/png', assetUrl: 'https://help.example.com/returns.png', description: null } },
  },
  webView: { messageType: 'StaticContentMessage', staticContent: { formatType: 'WebView', url: 'https://book.example.com/slot', title: 'Book a call' } },
  buttons: choices('Buttons', [option(ORDER, 'Order'), option(BILLING, 'Billing')]),
  quickReplies: choices('QuickReplies', [option(ORDER, 'Yes'), option(BILLING, 'No')], 'Did that help?'),
  carousel: choices('Carousel', [option(ORDER, 'Red shoe', { image: { assetType: 'ImageAsset', id: '55555555-5555-4555-8555-555555555555', mimeType: 'image/jpeg', assetUrl: 'https://shop.example.com/red.jpg', description: null } }), option(BILLING, 'Blue shoe')], 'Which one?'),
  fourChoices: choices('Buttons', many(4)),
  elevenChoices: choices('Buttons', many(11)),
  longTitles: choices('QuickReplies', [option(ORDER, 'Where is my order right now?'), option(BILLING, 'A question about my last bill')]),
  form: { messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: title('Shipping address'), message: title('Where should we send it?'), reply: title('Send'), sections: [{ inputs: [{ name: 'Street', label: title('Street') }] }] } },
};
