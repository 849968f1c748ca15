import { describe, expect, it } from 'vitest';

/** The console's "Form fields" box, read into a FormMessage's inputs (plain browser JS, no DOM needed). */
const MODULE = '../../simulator/console/formFields.js';
const { parseFormFields } = (await import(MODULE)) as { parseFormFields: (text: string) => unknown[] };

describe("the console's form fields", () => {
  it('reads label, required, type and options, one field a line, names from the labels (unique)', () => {
    expect(parseFormFields('Email address*: Email\n\n topic : singleselect = Order | Billing \nNote\nNote')).toEqual([
      { name: 'Email_address', inputType: 'Email', label: { title: 'Email address' }, required: true },
      { name: 'topic', inputType: 'SingleSelect', label: { title: 'topic' }, required: false, optionItems: [{ titleItem: { title: 'Order' } }, { titleItem: { title: 'Billing' } }] },
      { name: 'Note', inputType: 'Text', label: { title: 'Note' }, required: false },
      { name: 'Note_2', inputType: 'Text', label: { title: 'Note' }, required: false },
    ]);
    expect(parseFormFields('  \n')).toEqual([]);
  });

  it('names the line it cannot read', () => {
    expect(() => parseFormFields('Age: Integer')).toThrow(/line 1: the type must be one of Text/);
    expect(() => parseFormFields('Name\nTopic: MultiSelect')).toThrow(/line 2: a MultiSelect needs its options/);
    expect(() => parseFormFields('Name: Text = A | B')).toThrow(/only SingleSelect and MultiSelect take options/);
    expect(() => parseFormFields('*: Email')).toThrow(/line 1: give the field a label/);
  });
});
