import { describe, expect, it } from 'vitest';
import { call, getGuestToken, show, startConversation, useSim } from '../helpers/sim.ts';

/** Many schemas say "is required: …" when a field is missing; a value that is only too long or too many must not be told that. */
describe('size limits are named as size limits', () => {
  const t = useSim();
  const option = (i: number) => ({ titleItem: { title: `Topic ${i}` }, optionIdentifier: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}` });

  it.each([
    ['a rep text over 32000 characters', { text: 'x'.repeat(32_001) }, 'text: must be at most 32000 characters'],
    ['101 options', { message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick', optionItems: Array.from({ length: 101 }, (_, i) => option(i)) } } }, 'message.choices.optionItems: must be at most 100 items'],
    ['an empty option list', { message: { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick', optionItems: [] } } }, 'message.choices.optionItems: must offer at least one option'],
    ['no text at all', {}, 'text: is required: what the rep says (or send message: an abstractMessage)'],
  ])('refuses %s with a message that says what is wrong', async (_what, body, expected) => {
    const { accessToken } = await getGuestToken(t.sim);
    const conversationId = await startConversation(t.sim, accessToken);
    const res = await call(t.sim, 'POST', `/__sim/v1/conversations/${conversationId}/messages`, { body });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.message).toBe(`[miaw-sim] Invalid request body: ${expected}`);
  });
});
