import { describe, expect, it } from 'vitest';

/** The console's transcript lines (plain browser JS, no DOM needed) for messages that are not plain text (#15, #16). */
const MODULE = '../../simulator/console/transcript.js';
type Line = { kind: string; who?: string; text?: string; rich?: unknown };
const { describeEntry } = (await import(MODULE)) as { describeEntry: (entry: unknown, entries?: unknown[]) => Line };

const message = (role: string, id: string, abstractMessage: Record<string, unknown>) => ({ identifier: id, entryType: 'Message', sender: { role }, senderDisplayName: role === 'EndUser' ? 'Ada' : 'Alex', entryPayload: { abstractMessage } });
const question = message('Agent', 'q1', { id: 'q1', messageType: 'ChoicesMessage', choices: { formatType: 'Buttons', text: 'Pick one', optionItems: [{ optionIdentifier: 'o1', titleItem: { title: 'Order' } }, { optionIdentifier: 'o2', titleItem: { title: 'Refund' } }] } });
const choice = message('EndUser', 'a1', { messageType: 'ChoicesResponseMessage', inReplyToMessageId: 'q1', choicesResponse: { formatType: 'Selections', selectedOptions: [{ optionIdentifier: 'o2', optionTitle: 'Refund' }] } });
const inputs = [
  { name: 'Street', label: { title: 'Street and number' } },
  { name: 'topics', inputType: 'MultiSelect', optionItems: [{ optionIdentifier: 'o1', titleItem: { title: 'Order' } }, { optionIdentifier: 'o2', titleItem: { title: 'Refund' } }] },
];
const form = message('Agent', 'f1', { id: 'f1', messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: 'Details' }, sections: [{ inputs }] } });
const formAnswer = message('EndUser', 'a2', { messageType: 'FormResponseMessage', inReplyToMessageId: 'f1', formResponse: { formatType: 'Result', result: { topics: ['o2', 'o1'], Street: '1 Main St' } } });
const bareAnswer = message('EndUser', 'a3', { messageType: 'FormResponseMessage', inReplyToMessageId: 'f1', formResponse: { formatType: 'Result' } });
const richLink = message('Agent', 'l1', { messageType: 'StaticContentMessage', staticContent: { formatType: 'RichLink', linkItem: { url: 'https://example.com' } } });

describe('the console shows rich messages and the answers to them', () => {
  it.each([
    ['a ChoicesMessage', question],
    ['a FormMessage', form],
    ['a RichLink (no text)', richLink],
  ])('%s is handed to the rich renderer whole, as the rep sent it', (_name, entry) => {
    expect(describeEntry(entry, [entry])).toEqual({ kind: 'rep', who: 'Alex', rich: entry.entryPayload.abstractMessage });
  });

  it("shows the end user's choice as the answer to its question, by the option's title", () => {
    expect(describeEntry(choice, [question, choice])).toEqual({ kind: 'customer', who: 'Ada', text: 'Answered “Pick one”: Refund' });
  });

  it("shows a form response as the answer to its form: each answer by the input's label, options by title, in the form's order", () => {
    expect(describeEntry(formAnswer, [form, formAnswer])).toEqual({ kind: 'customer', who: 'Ada', text: 'Answered “Details”: Street and number: 1 Main St; topics: Refund, Order' });
    expect(describeEntry(bareAnswer, [form, bareAnswer]).text).toBe('Answered “Details”: form submitted');
  });
});
