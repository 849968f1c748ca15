import { describe, expect, it } from 'vitest';
import { BILLING, ORDER, RICH_MESSAGES } from '../helpers/richMessages.ts';
import { richHandoff } from '../helpers/richHandoff.ts';
import { useSim } from '../helpers/sim.ts';

/**
 * #16 item 3: the customer's answers go back in Salesforce's shape (ChoicesResponse, FormResponse),
 * checked by the simulator against what the rep offered; on typed channels a number or a title
 * maps back to its option, and anything else is plain text.
 */
describe('answers to the rep\'s choices and forms', () => {
  const t = useSim();

  /** The customer's messages as the simulator recorded them: `messageType` and what it carries. */
  const customerMessages = async (entries: () => Promise<any[]>) =>
    (await entries())
      .filter((e) => e.entryType === 'Message' && e.sender.role === 'EndUser')
      .slice(1) // the transcript
      .map((e) => e.entryPayload.abstractMessage);

  it('on SMS, "2" and "billing" (any case) answer the open choice; anything else is text', async () => {
    const c = await richHandoff(t.sim, 'sms');
    const offered = await c.repSends(RICH_MESSAGES.buttons!);
    expect(await c.handoff.sendCustomerMessage('2')).toEqual({ newSession: false, answered: { optionId: BILLING, title: 'Billing' } });
    await c.repSends(RICH_MESSAGES.buttons!);
    expect((await c.handoff.sendCustomerMessage('  BILLING ')).answered?.optionId).toBe(BILLING);
    await c.repSends(RICH_MESSAGES.buttons!);
    expect(await c.handoff.sendCustomerMessage('7')).toEqual({ newSession: false });
    expect(await c.handoff.sendCustomerMessage('order please')).toEqual({ newSession: false });
    const sent = await customerMessages(c.entries);
    expect(sent[0]).toMatchObject({
      messageType: 'ChoicesResponseMessage',
      inReplyToMessageId: offered,
      choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: BILLING, optionTitle: 'Billing' }] },
    });
    expect(sent[1].choicesResponse.selectedOptions[0].optionIdentifier).toBe(BILLING);
    expect(sent.slice(2).map((m: any) => [m.messageType, m.staticContent?.text])).toEqual([
      ['StaticContentMessage', '7'],
      ['StaticContentMessage', 'order please'],
    ]);
  });

  it('once answered, the same number is plain text again', async () => {
    const c = await richHandoff(t.sim, 'phone');
    await c.repSends(RICH_MESSAGES.quickReplies!);
    expect((await c.handoff.sendCustomerMessage('1')).answered?.optionId).toBe(ORDER);
    expect(await c.handoff.sendCustomerMessage('1')).toEqual({ newSession: false });
  });

  it('on the web a typed "2" is text (the widget shows buttons), and answer(optionId) sends the choice', async () => {
    const c = await richHandoff(t.sim, 'web');
    await c.repSends(RICH_MESSAGES.carousel!);
    expect(await c.handoff.sendCustomerMessage('2')).toEqual({ newSession: false });
    expect((await c.handoff.answer(ORDER)).answered).toEqual({ optionId: ORDER, title: 'Red shoe' });
    const sent = await customerMessages(c.entries);
    expect(sent.map((m: any) => m.messageType)).toEqual(['StaticContentMessage', 'ChoicesResponseMessage']);
  });

  it('answerForm sends a FormResponse to the open form, and refuses when none is open', async () => {
    const c = await richHandoff(t.sim, 'web');
    await expect(c.handoff.answerForm({ Street: '1 Main St' })).rejects.toThrow(/No form is waiting/);
    const form = await c.repSends(RICH_MESSAGES.form!);
    await c.handoff.answerForm({ Street: '1 Main St' });
    const sent = await customerMessages(c.entries);
    expect(sent).toMatchObject([{ messageType: 'FormResponseMessage', inReplyToMessageId: form, formResponse: { formatType: 'Result', result: { Street: '1 Main St' } } }]);
  });

  it('after the rep ended the session, an answer starts a new one and still goes as the choice', async () => {
    const c = await richHandoff(t.sim, 'sms');
    const offered = await c.repSends(RICH_MESSAGES.buttons!);
    await c.control('end-session', {});
    await c.handoff.stream.done;
    expect(await c.handoff.sendCustomerMessage('1')).toEqual({ newSession: true, answered: { optionId: ORDER, title: 'Order' } });
    const sent = await customerMessages(c.entries);
    expect(sent).toMatchObject([{ messageType: 'ChoicesResponseMessage', inReplyToMessageId: offered }]);
  });
});
