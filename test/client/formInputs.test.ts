import { describe, expect, it } from 'vitest';
import { toMessageContent } from '../../client/index.ts';

const form = (inputs: unknown[]) => toMessageContent({ messageType: 'FormMessage', form: { formatType: 'Inputs', formTitle: { title: 'Your details' }, sections: [{ inputs }] } });

describe("a rep's form, read for the customer's channel", () => {
  it('types each input: name, type, label, required, a select with its options', () => {
    const content = form([
      { name: 'email', inputType: 'Email', label: { title: 'Email address' }, required: true },
      { name: 'topic', inputType: 'SingleSelect', optionItems: [{ optionIdentifier: 'o-1', titleItem: { title: 'Order' } }, { optionIdentifier: 'o-2', titleItem: { title: 'Billing' } }] },
      { name: 'when', inputType: 'Date' },
    ]);
    expect(content.kind === 'form' && content.inputs).toEqual([
      { name: 'email', type: 'Email', label: 'Email address', required: true },
      { name: 'topic', type: 'SingleSelect', required: false, options: [{ id: 'o-1', title: 'Order' }, { id: 'o-2', title: 'Billing' }] },
      { name: 'when', type: 'Date', required: false },
    ]);
  });

  it('is lenient, never throws: no name skipped, an unknown type is Text, a select without readable options skipped, a repeated name once', () => {
    const content = form([
      { inputType: 'Text' },
      { name: 'note', inputType: 'Hologram', required: 'yes' },
      { name: 'pick', inputType: 'MultiSelect', optionItems: [{ titleItem: { title: 'no id' } }] },
      { name: 'note', inputType: 'Email' },
      null,
    ]);
    expect(content.kind === 'form' && content.inputs).toEqual([{ name: 'note', type: 'Text', required: false }]);
    const bare = toMessageContent({ messageType: 'FormMessage', form: { formatType: 'Inputs', sections: 'nope' } });
    expect(bare.kind === 'form' && bare.inputs).toEqual([]);
  });
});
