import { describe, expect, it } from 'vitest';

/** The console's transcript lines (plain browser JS, no DOM needed) for messages that are not plain text (#15). */
const MODULE = '../../simulator/console/transcript.js';
const { describeEntry } = (await import(MODULE)) as { describeEntry: (entry: unknown) => { kind: string; who?: string; text?: string } };

const message = (role: string, abstractMessage: Record<string, unknown>) => ({ entryType: 'Message', sender: { role }, senderDisplayName: role === 'EndUser' ? 'Ada' : 'Alex', entryPayload: { abstractMessage } });

describe('the console shows rich messages and the answers to them', () => {
  it.each([
    ['the options a ChoicesMessage offers', message('Agent', { messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ titleItem: { title: 'Order' } }, { titleItem: { title: 'Refund' } }] } }), 'rep', 'Pick one [Buttons: Order | Refund]'],
    ["the end user's choice", message('EndUser', { messageType: 'ChoicesResponseMessage', choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: 'x', optionTitle: 'Refund' }] } }), 'customer', '[Chose: Refund]'],
    ['a form', message('Agent', { messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: 'Details' } } }), 'rep', '[Form: Details]'],
    ['a form response', message('EndUser', { messageType: 'FormResponseMessage', formResponse: { formatType: 'Result' } }), 'customer', '[Form response]'],
    ['a RichLink (no text)', message('Agent', { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink' } }), 'rep', '[RichLink]'],
  ])('%s', (_name, entry, kind, text) => {
    expect(describeEntry(entry)).toMatchObject({ kind, text });
  });
});
