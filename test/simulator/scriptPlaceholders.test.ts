import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../simulator/shared/clock.ts';
import { getGuestToken, useSim } from '../helpers/sim.ts';
import { addRep, conversationWithStream, expectScriptRefused, entryOf, payloadOf } from '../helpers/routing.ts';

/** Placeholders work in every script step that carries text, not only in say and replyWhen. */
describe('placeholders in every text-carrying script step', () => {
  const t = useSim({ clock: new ManualClock() });

  it('fills message text, option titles, form labels, progress text and streamed tokens', async () => {
    const form = { messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: 'Details for {{customer.name}}' }, sections: [{ inputs: [{ name: 'email', label: { title: '{{rep.name}} needs your email' } }] }] } };
    const choices = { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Hi {{customer.name}}', optionItems: [{ titleItem: { title: 'Talk to {{rep.name}}' } }, { titleItem: { title: 'Order {{faker.string.orderNumber}}' } }] } };
    await addRep(t.sim, { name: 'Filler', queues: ['Default'], script: [{ message: choices }, { message: form }, { progress: '{{rep.name}} is looking' }, { stream: { tokens: ['Done, ', '{{customer.name}}'] } }] });
    const { id, stream } = await conversationWithStream(t.sim, await getGuestToken(t.sim));
    const frames = await stream.waitFor((f) => f.filter((x) => entryOf(x).entryType === 'Message').length >= 3);
    stream.close();
    const messages = frames.filter((x) => entryOf(x).entryType === 'Message').map((x) => payloadOf(x).abstractMessage);
    expect(messages[0].choices.text).toBe('Hi Guest');
    expect(messages[0].choices.optionItems[0].titleItem.title).toBe('Talk to Filler');
    expect(messages[0].choices.optionItems[1].titleItem.title).toMatch(/^Order [A-Z0-9]{8}$/);
    expect(messages[1].form.formTitle.title).toBe('Details for Guest');
    expect(messages[1].form.sections[0].inputs[0].label.title).toBe('Filler needs your email');
    expect(payloadOf(frames.find((x) => entryOf(x).entryType === 'ProgressIndicator')!).progressIndicator.progressMessage.text).toBe('Filler is looking');
    const tokens = frames.filter((x) => entryOf(x).entryType === 'StreamingToken').map((x) => payloadOf(x).streamingToken.token.text);
    expect(tokens).toEqual(['Done, ', 'Guest']);
    expect(messages[2].staticContent.text).toBe('Done, Guest');
    expect(id).toBeTruthy();
  });

  it.each([
    ['a message', [{ message: { messageType: 'StaticContentMessage', staticContent: { formatType: 'Text', text: 'Hi {{customer.age}}' } } }], 'script.0.message'],
    ['a progress text', [{ progress: '{{nope}}' }], 'script.0.progress'],
    ['a streamed token', [{ stream: { tokens: ['{{nope}}'] } }], 'script.0.stream.tokens.0'],
  ])('an unknown placeholder in %s is refused when the script is loaded', async (_name, script, field) => {
    await expectScriptRefused(t.sim, script, field, 'unknown placeholder');
  });
});
