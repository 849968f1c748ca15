import { describe, expect, it } from 'vitest';
import { CustomerAnswers } from '../../client/answers.ts';
import { rendererFor, toMessageContent, type MessagingChannel, type RepEvent } from '../../client/index.ts';
import { defaultRenderConfig } from '../../client/render/renderConfig.ts';
import { BILLING, ORDER, RICH_MESSAGES } from '../helpers/richMessages.ts';

/** #16 item 3: which replies answer the open choice, by channel. */
function offered(channel: MessagingChannel, message = RICH_MESSAGES.buttons!) {
  const answers = new CustomerAnswers();
  const content = toMessageContent(message);
  const rendered = rendererFor(channel, defaultRenderConfig())(content);
  answers.offered({ type: 'message', conversationId: 'c', entryId: 'offer-1', text: rendered.text, content, rendered, senderName: 'Alex', senderRole: 'Agent', at: 1 } satisfies RepEvent);
  return answers;
}
const chosen = (answers: CustomerAnswers, input: string, mode: 'typed' | 'answer' = 'typed') => answers.messageFor(input, mode).answered?.optionId;

describe('CustomerAnswers', () => {
  it.each(['2', ' 2 ', '2)', '2.', 'billing', 'BILLING', '  Billing  '])('on SMS %j answers Billing', (input) => {
    expect(chosen(offered('sms'), input)).toBe(BILLING);
  });

  it.each(['3', '0', '2 please', 'bill', ''])('on SMS %j is plain text', (input) => {
    const message = offered('sms').messageFor(input, 'typed');
    expect(message.answered).toBeUndefined();
    expect(message.body).toEqual({ messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: input } });
  });

  it('on WhatsApp reply buttons a title answers but a number is text (the options were not numbered)', () => {
    expect(chosen(offered('whatsapp'), 'order')).toBe(ORDER);
    expect(chosen(offered('whatsapp'), '1')).toBeUndefined();
    expect(chosen(offered('whatsapp', RICH_MESSAGES.elevenChoices), '11')).toBe('00000000-0000-4000-8000-000000000011');
  });

  it('on the structured web nothing typed answers; answer() takes an id, a number or a title', () => {
    expect(chosen(offered('web'), 'billing')).toBeUndefined();
    expect(chosen(offered('web'), BILLING, 'answer')).toBe(BILLING);
    expect(chosen(offered('web'), '1', 'answer')).toBe(ORDER);
    expect(chosen(offered('web'), 'Order', 'answer')).toBe(ORDER);
  });

  it('builds the ChoicesResponse Salesforce takes, answering the offered message', () => {
    expect(offered('sms').messageFor('2', 'typed').body).toEqual({
      messageType: 'ChoicesResponseMessage',
      choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: BILLING, optionTitle: 'Billing' }] },
      inReplyToMessageId: 'offer-1',
    });
  });

  it('a long reply of spaces around a digit is plain text', () => {
    const input = `1${' '.repeat(50_000)}x`;
    expect(offered('sms').messageFor(input, 'typed').answered).toBeUndefined();
  });
});
